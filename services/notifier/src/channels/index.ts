import type { ResolvedChannel } from '../domain/receivers';
import type { Clock, HttpClient, Mailer } from '../ports';
import type { ChannelSender } from './channel';
import { dingtalkChannel } from './dingtalk';
import { emailChannel } from './email';
import { feishuChannel } from './feishu';
import { slackChannel } from './slack';
import { webhookChannel } from './webhook';
import { wecomChannel } from './wecom';

export interface SenderDeps {
  http: HttpClient;
  mailer: Mailer | undefined;
  clock: Clock;
  smtpFrom: string;
}

export function createSender(channel: ResolvedChannel, deps: SenderDeps): ChannelSender {
  const c = channel.config;
  switch (c.type) {
    case 'email':
      if (!deps.mailer) throw new Error(`${channel.key}: email channel needs SMTP_URL`);
      return emailChannel(c, deps.mailer, deps.smtpFrom);
    case 'slack':
      return slackChannel(c, deps.http, deps.clock);
    case 'dingtalk':
      return dingtalkChannel(c, deps.http, deps.clock);
    case 'wecom':
      return wecomChannel(c, deps.http, deps.clock);
    case 'feishu':
      return feishuChannel(c, deps.http, deps.clock);
    case 'webhook':
      return webhookChannel(c, deps.http, deps.clock);
  }
}
