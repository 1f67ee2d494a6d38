import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, REPO_ROOT } from '@streamwatch/test-support';

const run = promisify(execFile);

/** A second single-node Kafka in its own state dir and ports, so fault tests never touch the shared broker. */
export class PrivateKafka {
  private constructor(
    readonly dir: string,
    private readonly env: Record<string, string>,
    readonly brokers: string,
  ) {}

  static async create(): Promise<PrivateKafka> {
    const dir = mkdtempSync(join(tmpdir(), 'collector-kafka-'));
    const port = await freePort();
    const controllerPort = await freePort();
    const env = {
      STREAMWATCH_NATIVE_DIR: dir,
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(controllerPort),
    };
    return new PrivateKafka(dir, env, `127.0.0.1:${port}`);
  }

  private async infra(action: 'up' | 'down'): Promise<void> {
    await run('bash', [join(REPO_ROOT, 'deploy/native/infra.sh'), action, 'kafka'], {
      env: { ...process.env, ...this.env },
      timeout: 90_000,
    });
  }

  /**
   * Starts the broker, with one more try when infra.sh reports it gone during start-up. That was seen while
   * the JVM was in fact starting; infra.sh now only gives up on a pid that is gone, and logs what it saw.
   */
  async start(): Promise<void> {
    try {
      await this.infra('up');
    } catch {
      await this.infra('up');
    }
  }

  stop(): Promise<void> {
    return this.infra('down');
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
