-- Bumped on delete so pollers notice a removal that leaves count/version sums ambiguous.
CREATE TABLE rule_groups_revision (revision bigint NOT NULL);
INSERT INTO rule_groups_revision (revision) VALUES (0);
