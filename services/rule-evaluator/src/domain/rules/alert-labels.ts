import type { Labels } from '@streamwatch/metrics-core';
import { AlertTemplate, type TemplateData } from './template';

/** Compiled label/annotation templates of an alerting rule. */
export class AlertDecorations {
  private readonly labels: [string, AlertTemplate][];
  private readonly annotations: [string, AlertTemplate][];

  constructor(labels: Labels, annotations: Labels) {
    this.labels = Object.entries(labels).map(([k, v]) => [k, new AlertTemplate(v)]);
    this.annotations = Object.entries(annotations).map(([k, v]) => [k, new AlertTemplate(v)]);
  }

  /** Alert labels: sample labels without __name__, then rule labels (expanded), then alertname. */
  alertLabels(alertname: string, sample: Labels, data: TemplateData): Labels {
    const out: Labels = {};
    for (const k in sample) if (k !== '__name__') out[k] = sample[k] as string;
    for (const [k, t] of this.labels) {
      const v = t.expand(data);
      if (v === '') delete out[k];
      else out[k] = v;
    }
    out.alertname = alertname;
    return out;
  }

  expandAnnotations(data: TemplateData): Labels {
    const out: Labels = {};
    for (const [k, t] of this.annotations) out[k] = t.expand(data);
    return out;
  }
}
