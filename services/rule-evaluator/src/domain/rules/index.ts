export * from './types';
export { parseRuleFile, RuleFileError } from './rule-file';
export { AlertingRule, RESOLVED_RETENTION_MS, trackedAlertsVersion } from './alerting-rule';
export type { AlertingRuleOptions } from './alerting-rule';
export { RecordingRule } from './recording-rule';
export type { RecordedSeries, RecordingEvaluation } from './recording-rule';
export { AlertTemplate, TemplateError, TEMPLATE_FUNCTIONS } from './template';
export type { TemplateData } from './template';
export { RuleHealthTracker } from './rule-health';
