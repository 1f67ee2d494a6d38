-- Bumped on delete so pollers notice a removal that leaves count/version sums ambiguous.
CREATE TABLE IF NOT EXISTS rule_groups_revision (revision bigint NOT NULL);
INSERT INTO rule_groups_revision (revision) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM rule_groups_revision);
