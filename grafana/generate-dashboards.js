#!/usr/bin/env node
// Writes grafana/dashboards/*.json (dashboards as code, no dependencies).
// Run after editing: node grafana/generate-dashboards.js
// deploy/validate checks that the committed JSON matches this output.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const PROM = { type: 'prometheus', uid: 'prometheus' };
const W = 24;

function target(expr, legendFormat, extra = {}) {
  return { expr, legendFormat: legendFormat ?? '__auto', range: true, ...extra };
}

function panel(
  type,
  title,
  targets,
  { w = 12, h = 8, unit, description, min, max, thresholds, options, table } = {},
) {
  const defaults = { unit: unit ?? 'short' };
  if (min !== undefined) defaults.min = min;
  if (max !== undefined) defaults.max = max;
  if (thresholds) {
    defaults.thresholds = {
      mode: 'absolute',
      steps: [{ color: 'green', value: null }, ...thresholds.map(([value, color]) => ({ color, value }))],
    };
  }
  const p = {
    type,
    title,
    description,
    datasource: PROM,
    gridPos: { w, h },
    fieldConfig: { defaults, overrides: [] },
    options: options ?? {},
    targets: (Array.isArray(targets) ? targets : [targets]).map((t, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: PROM,
      ...(typeof t === 'string' ? target(t) : t),
    })),
  };
  if (type === 'stat' || type === 'gauge') {
    p.options = { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, ...p.options };
  }
  if (type === 'table' || table) {
    p.targets = p.targets.map((t) => ({ ...t, format: 'table', instant: true, range: false }));
    p.transformations = [{ id: 'organize', options: { excludeByName: { Time: true } } }];
  }
  if (!description) delete p.description;
  return p;
}

const ts = (title, targets, opts) => panel('timeseries', title, targets, opts);
const stat = (title, targets, opts) => panel('stat', title, targets, { w: 6, h: 4, ...opts });
const gauge = (title, targets, opts) => panel('gauge', title, targets, { w: 6, h: 6, ...opts });
const table = (title, targets, opts) => panel('table', title, targets, { w: 24, h: 8, ...opts });

function queryVar(name, label, query, { multi = true, includeAll = true, regex } = {}) {
  return {
    name,
    label,
    type: 'query',
    datasource: PROM,
    query: { query, refId: `${name}-var` },
    definition: query,
    refresh: 2,
    sort: 1,
    multi,
    includeAll,
    allValue: includeAll ? '.*' : undefined,
    current: includeAll ? { selected: true, text: ['All'], value: ['$__all'] } : {},
    ...(regex ? { regex } : {}),
  };
}

// Lay panels out left to right, wrapping at 24 columns; assign ids.
function layout(panels) {
  let x = 0;
  let y = 0;
  let rowH = 0;
  return panels.map((p, i) => {
    const { w, h } = p.gridPos;
    if (x + w > W) {
      x = 0;
      y += rowH;
      rowH = 0;
    }
    const out = { id: i + 1, ...p, gridPos: { x, y, w, h } };
    x += w;
    rowH = Math.max(rowH, h);
    return out;
  });
}

function dashboard({
  uid,
  title,
  description,
  tags,
  panels,
  variables = [],
  refresh = '30s',
  from = 'now-1h',
}) {
  return {
    uid,
    title,
    description,
    tags: ['streamwatch', ...tags],
    timezone: 'browser',
    editable: false,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    refresh,
    time: { from, to: 'now' },
    templating: { list: variables },
    annotations: { list: [] },
    links: [
      {
        title: 'Streamwatch',
        type: 'dashboards',
        tags: ['streamwatch'],
        asDropdown: true,
        includeVars: false,
        keepTime: true,
      },
    ],
    panels: layout(panels),
  };
}

const RI = '$__rate_interval';
const SVC = 'job=~"$service"';

const dashboards = {
  'system.json': dashboard({
    uid: 'streamwatch-system',
    title: 'Streamwatch / System',
    description: 'Host resources from node-exporter: CPU, memory, disk and network.',
    tags: ['system'],
    variables: [queryVar('instance', 'Instance', 'label_values(node_uname_info, instance)')],
    panels: [
      stat('CPU busy', 'instance:node_cpu_utilisation:ratio{instance=~"$instance"}', {
        unit: 'percentunit',
        thresholds: [
          [0.8, 'orange'],
          [0.9, 'red'],
        ],
      }),
      stat('Memory used', 'instance:node_memory_utilisation:ratio{instance=~"$instance"}', {
        unit: 'percentunit',
        thresholds: [
          [0.9, 'orange'],
          [0.97, 'red'],
        ],
      }),
      gauge(
        'Root filesystem used',
        '1 - node_filesystem_avail_bytes{instance=~"$instance",mountpoint="/"} / node_filesystem_size_bytes{instance=~"$instance",mountpoint="/"}',
        {
          h: 4,
          unit: 'percentunit',
          min: 0,
          max: 1,
          thresholds: [
            [0.85, 'orange'],
            [0.95, 'red'],
          ],
        },
      ),
      stat('Uptime', 'time() - node_boot_time_seconds{instance=~"$instance"}', { unit: 's' }),
      ts(
        'CPU by mode',
        `sum by (mode) (rate(node_cpu_seconds_total{instance=~"$instance",mode!="idle"}[${RI}]))`,
        { unit: 'short', description: 'CPU seconds per second (cores) spent in each non-idle mode.' },
      ),
      ts('Load average', [
        target('node_load1{instance=~"$instance"}', '1m'),
        target('node_load5{instance=~"$instance"}', '5m'),
        target('node_load15{instance=~"$instance"}', '15m'),
      ]),
      ts(
        'Memory',
        [
          target(
            'node_memory_MemTotal_bytes{instance=~"$instance"} - node_memory_MemAvailable_bytes{instance=~"$instance"}',
            'used',
          ),
          target('node_memory_MemAvailable_bytes{instance=~"$instance"}', 'available'),
        ],
        { unit: 'bytes' },
      ),
      ts(
        'Filesystem free',
        target(
          'node_filesystem_avail_bytes{instance=~"$instance",fstype!~"tmpfs|ramfs|squashfs|nsfs"}',
          '{{mountpoint}}',
        ),
        { unit: 'bytes' },
      ),
      ts(
        'Disk I/O',
        [
          target(
            `sum by (device) (rate(node_disk_read_bytes_total{instance=~"$instance"}[${RI}]))`,
            'read {{device}}',
          ),
          target(
            `sum by (device) (rate(node_disk_written_bytes_total{instance=~"$instance"}[${RI}]))`,
            'write {{device}}',
          ),
        ],
        { unit: 'Bps' },
      ),
      ts(
        'Network traffic',
        [
          target(
            `sum by (device) (rate(node_network_receive_bytes_total{instance=~"$instance",device!="lo"}[${RI}]))`,
            'rx {{device}}',
          ),
          target(
            `sum by (device) (rate(node_network_transmit_bytes_total{instance=~"$instance",device!="lo"}[${RI}]))`,
            'tx {{device}}',
          ),
        ],
        { unit: 'Bps' },
      ),
      ts(
        'Network errors',
        `sum by (device) (rate(node_network_receive_errs_total{instance=~"$instance"}[${RI}]) + rate(node_network_transmit_errs_total{instance=~"$instance"}[${RI}]))`,
        { unit: 'short' },
      ),
    ],
  }),

  'containers.json': dashboard({
    uid: 'streamwatch-containers',
    title: 'Streamwatch / Containers',
    description: 'Per-container CPU, memory, network and restarts from cAdvisor (docker-compose only).',
    tags: ['containers', 'requires:cadvisor'],
    variables: [queryVar('container', 'Container', 'label_values(container_last_seen{name!=""}, name)')],
    panels: [
      stat('Running containers', 'count(container_last_seen{name=~"$container",name!=""})'),
      stat('Total CPU (cores)', 'sum(name:container_cpu_usage_seconds:rate5m{name=~"$container"})', {
        unit: 'short',
      }),
      stat('Total memory', 'sum(name:container_memory_working_set_bytes:sum{name=~"$container"})', {
        unit: 'bytes',
      }),
      stat('Restarts (1h)', 'sum(changes(container_start_time_seconds{name=~"$container",name!=""}[1h]))'),
      ts(
        'CPU by container',
        target(
          `sum by (name) (rate(container_cpu_usage_seconds_total{name=~"$container",name!=""}[${RI}]))`,
          '{{name}}',
        ),
        { unit: 'short' },
      ),
      ts(
        'Memory working set',
        target('name:container_memory_working_set_bytes:sum{name=~"$container"}', '{{name}}'),
        { unit: 'bytes' },
      ),
      ts(
        'Network received',
        target(
          `sum by (name) (rate(container_network_receive_bytes_total{name=~"$container",name!=""}[${RI}]))`,
          '{{name}}',
        ),
        { unit: 'Bps' },
      ),
      ts(
        'Network sent',
        target(
          `sum by (name) (rate(container_network_transmit_bytes_total{name=~"$container",name!=""}[${RI}]))`,
          '{{name}}',
        ),
        { unit: 'Bps' },
      ),
    ],
  }),

  'services.json': dashboard({
    uid: 'streamwatch-services',
    title: 'Streamwatch / Services',
    description: 'RED (rate, errors, duration) of the four Streamwatch services, plus process health.',
    tags: ['services'],
    variables: [
      queryVar(
        'service',
        'Service',
        'label_values(up{job=~"collector|rule-evaluator|notifier|health-check"}, job)',
      ),
    ],
    panels: [
      table('Targets', target(`up{${SVC}}`, ''), {
        h: 6,
        description: '1 = Prometheus scrapes the service.',
      }),
      ts('Request rate', target(`job:http_requests:rate5m{${SVC}}`, '{{job}}'), { w: 8, unit: 'reqps' }),
      ts('Error ratio (5xx)', target(`job:http_request_errors:ratio_rate5m{${SVC}}`, '{{job}}'), {
        w: 8,
        unit: 'percentunit',
        min: 0,
      }),
      ts(
        'Latency p95 / p50',
        [
          target(`job:http_request_duration_seconds:p95_5m{${SVC}}`, 'p95 {{job}}'),
          target(`job:http_request_duration_seconds:p50_5m{${SVC}}`, 'p50 {{job}}'),
        ],
        { w: 8, unit: 's' },
      ),
      ts(
        'Requests by route and status',
        target(
          `sum by (job, route, status_code) (rate(http_requests_total{${SVC}}[${RI}]))`,
          '{{job}} {{route}} {{status_code}}',
        ),
        { unit: 'reqps' },
      ),
      ts('In-flight requests', target(`sum by (job) (http_requests_in_flight{${SVC}})`, '{{job}}')),
      ts('Resident memory', target(`process_resident_memory_bytes{${SVC}}`, '{{job}}'), {
        w: 8,
        unit: 'bytes',
      }),
      ts('CPU', target(`rate(process_cpu_seconds_total{${SVC}}[${RI}])`, '{{job}}'), { w: 8, unit: 'short' }),
      ts('Event loop lag p99', target(`nodejs_eventloop_lag_p99_seconds{${SVC}}`, '{{job}}'), {
        w: 8,
        unit: 's',
      }),
    ],
  }),

  'pipeline.json': dashboard({
    uid: 'streamwatch-pipeline',
    title: 'Streamwatch / Pipeline',
    description:
      'Samples in and rejected, Kafka lag, evaluation latency, alerts by state, notifications by channel and status, dead letters.',
    tags: ['pipeline'],
    panels: [
      stat('Samples accepted/s', 'sum(source:streamwatch_collector_samples_accepted:rate5m)', {
        unit: 'short',
      }),
      stat('Evaluator lag (messages)', 'streamwatch:evaluator_consumer_lag_messages:sum', {
        thresholds: [
          [1000, 'orange'],
          [10000, 'red'],
        ],
      }),
      stat('Firing alerts (streaming)', 'sum(streamwatch_evaluator_alerts{state="firing"})', {
        thresholds: [[1, 'red']],
      }),
      stat('Dead letters', 'sum(streamwatch_notifier_dead_letters)', { thresholds: [[1, 'red']] }),
      ts(
        'Samples received by source',
        target('source:streamwatch_collector_samples_received:rate5m', '{{source}}'),
        { unit: 'short' },
      ),
      ts(
        'Samples rejected by reason',
        target(`sum by (reason) (rate(streamwatch_collector_samples_rejected_total[${RI}]))`, '{{reason}}'),
        { unit: 'short' },
      ),
      gauge(
        'Collector buffer fill',
        'sum(streamwatch_collector_buffer_samples) / sum(streamwatch_collector_buffer_capacity_samples)',
        {
          w: 6,
          h: 8,
          unit: 'percentunit',
          min: 0,
          max: 1,
          thresholds: [
            [0.7, 'orange'],
            [0.9, 'red'],
          ],
        },
      ),
      ts(
        'Kafka produce latency p99',
        target(
          `histogram_quantile(0.99, sum by (le) (rate(streamwatch_collector_kafka_produce_duration_seconds_bucket[${RI}])))`,
          'p99',
        ),
        { w: 9, unit: 's' },
      ),
      ts(
        'Kafka consumer group lag',
        target('sum by (consumergroup, topic) (kafka_consumergroup_lag)', '{{consumergroup}} {{topic}}'),
        { w: 9 },
      ),
      ts(
        'Evaluation duration p95 by group',
        target(
          `histogram_quantile(0.95, sum by (rule_group, le) (rate(streamwatch_evaluator_rule_evaluation_duration_seconds_bucket[${RI}])))`,
          '{{rule_group}}',
        ),
        { w: 8, unit: 's' },
      ),
      ts(
        'Detection latency p50 / p99',
        [
          target(
            `histogram_quantile(0.5, sum by (le) (rate(streamwatch_evaluator_detection_latency_seconds_bucket[${RI}])))`,
            'p50',
          ),
          target(
            `histogram_quantile(0.99, sum by (le) (rate(streamwatch_evaluator_detection_latency_seconds_bucket[${RI}])))`,
            'p99',
          ),
        ],
        { w: 8, unit: 's', description: 'From sample timestamp to alert state change.' },
      ),
      ts(
        'Samples evaluated/s',
        target(`sum(rate(streamwatch_evaluator_samples_processed_total[${RI}]))`, 'samples/s'),
        { w: 8 },
      ),
      ts('Streaming alerts by state', target('state:streamwatch_evaluator_alerts:sum', '{{state}}')),
      ts('Prometheus alerts by state', target('sum by (alertstate) (ALERTS)', '{{alertstate}}')),
      ts(
        'Notifications by channel and status',
        target(
          `sum by (channel, status) (rate(streamwatch_notifier_notifications_total[${RI}]))`,
          '{{channel}} {{status}}',
        ),
        { unit: 'short' },
      ),
      ts(
        'Delivery duration p95 by channel',
        target(
          `histogram_quantile(0.95, sum by (channel, le) (rate(streamwatch_notifier_delivery_duration_seconds_bucket[${RI}])))`,
          '{{channel}}',
        ),
        { unit: 's' },
      ),
      ts('Outbox depth and dead letters', [
        target('sum(streamwatch_notifier_outbox_depth)', 'outbox'),
        target('sum(streamwatch_notifier_dead_letters)', 'dead letters'),
      ]),
      table(
        'Alerts posted to Alertmanager by the evaluator',
        target('sum by (status) (streamwatch_evaluator_alert_notifications_total)', ''),
        { w: 12 },
      ),
    ],
  }),

  'business.json': dashboard({
    uid: 'streamwatch-business',
    title: 'Streamwatch / Business metrics',
    description:
      'Business metrics pushed to the collector (JSON push), forwarded to Prometheus with their own timestamps.',
    tags: ['business'],
    variables: [
      queryVar('metric', 'Metric', 'metrics(^(orders|payment|payments|checkout|signups|revenue)_.+)', {
        multi: false,
        includeAll: false,
      }),
      queryVar('service', 'Service', 'label_values(orders_total, service)'),
    ],
    panels: [
      stat('Orders/s', `sum(rate(orders_total{service=~"$service"}[${RI}]))`, { unit: 'short' }),
      stat('Failed orders/s', `sum(rate(orders_failed_total{service=~"$service"}[${RI}]))`, {
        unit: 'short',
        thresholds: [[1, 'red']],
      }),
      gauge(
        'Order failure ratio',
        `sum(rate(orders_failed_total{service=~"$service"}[${RI}])) / sum(rate(orders_total{service=~"$service"}[${RI}]))`,
        {
          h: 4,
          unit: 'percentunit',
          min: 0,
          max: 1,
          thresholds: [
            [0.05, 'orange'],
            [0.2, 'red'],
          ],
        },
      ),
      stat('Payment errors', 'sum(payment_errors{service=~"$service"})', { thresholds: [[5, 'red']] }),
      ts(
        'Orders and failures',
        [
          target(`sum by (service) (rate(orders_total{service=~"$service"}[${RI}]))`, 'orders {{service}}'),
          target(
            `sum by (service) (rate(orders_failed_total{service=~"$service"}[${RI}]))`,
            'failed {{service}}',
          ),
        ],
        { unit: 'short' },
      ),
      ts('Payment errors', target('payment_errors{service=~"$service"}', '{{service}}'), {
        description: 'The streaming rule PaymentErrorsHigh fires above 5.',
      }),
      ts('Selected metric: $metric', target('{__name__="$metric"}', ''), { w: 24 }),
    ],
  }),
};

function main() {
  const out = process.argv[2] ?? path.join(__dirname, 'dashboards');
  fs.mkdirSync(out, { recursive: true });
  for (const [file, d] of Object.entries(dashboards)) {
    fs.writeFileSync(path.join(out, file), JSON.stringify(d, null, 2) + '\n');
  }
}

if (require.main === module) main();
module.exports = { dashboards };
