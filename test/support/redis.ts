import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './processes';

/**
 * A real redis-server on loopback for one test suite (install: apt-get install redis-server; the
 * CI script does). Append-only persistence on, so a restart keeps the queues, as in production.
 */
export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Shuts Redis down (saving) and starts it again on the same port and data. */
  restart(downMs?: number): Promise<void>;
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'pec-redis-'));
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
      ],
      {
        stdio: 'ignore',
      },
    );
    await waitFor(
      async () => ((await listening(port)) ? true : undefined),
      10000,
      'redis-server to listen',
    );
  };
  const halt = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM'); // redis saves its append-only file on SIGTERM
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
    restart: async (downMs = 500) => {
      await halt();
      await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
  };
}
