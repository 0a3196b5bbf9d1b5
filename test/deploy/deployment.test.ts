import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { z } from 'zod';
import { buildProgram } from '../../src/cli/program.js';
import { DaemonMetrics, serveMetrics } from '../../src/daemon/metrics.js';

/**
 * What of deploy/ can be checked without Docker, Prometheus, Grafana or systemd: that its files parse,
 * point at each other and at files that exist, ask the bot only for metrics it serves, and start it with
 * a command line its CLI accepts.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const DEPLOY = path.join(ROOT, 'deploy');
const read = (file: string) => fs.readFileSync(path.join(DEPLOY, file), 'utf8');
const packageJson = z.object({ bin: z.object({ bot: z.string() }) }).parse(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')));

/** Parse `args` with the bot's own CLI, every action replaced: an unknown command or option, or a bad value, throws. */
async function cliAccepts(args: readonly string[]): Promise<{ command: string; options: Record<string, unknown> }> {
  const io = { out: () => undefined, err: () => undefined, env: {}, cwd: ROOT, interactive: false };
  const { program } = buildProgram(io);
  let ran: { command: string; options: Record<string, unknown> } | undefined;
  const all = (c: typeof program): (typeof program)[] => [c, ...c.commands.flatMap(all)];
  for (const c of all(program).slice(1)) {
    c.action((...a: unknown[]) => {
      ran = { command: c.name(), options: { ...program.opts(), ...(a[a.length - 1] as typeof program).opts() } };
    });
  }
  await program.parseAsync([...args], { from: 'user' });
  if (!ran) throw new Error(`no command ran for: bot ${args.join(' ')}`);
  return ran;
}

/** The metric names GET /metrics serves (a histogram as its _bucket, _sum and _count series). */
async function servedMetrics(): Promise<Set<string>> {
  const server = await serveMetrics(new DaemonMetrics({ mode: 'sandbox' }), 0);
  try {
    const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
    const names = new Set<string>();
    for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      const [, name, type] = m as unknown as [string, string, string];
      names.add(name);
      if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(name + s);
    }
    return names;
  } finally {
    await server.close();
  }
}

/** Instructions of a Dockerfile: continuation lines joined, comments dropped. */
function dockerInstructions(text: string): { op: string; args: string }[] {
  const joined = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

const composeSchema = z.object({
  services: z.record(
    z.string(),
    z.looseObject({
      command: z.array(z.string()).optional(),
      environment: z.record(z.string(), z.string()).optional(),
      volumes: z.array(z.string()).optional(),
      build: z.object({ context: z.string(), dockerfile: z.string() }).optional(),
    }),
  ),
  volumes: z.record(z.string(), z.unknown()),
});
const compose = composeSchema.parse(YAML.parse(read('compose.yaml')));
const dashboard = z
  .object({ panels: z.array(z.object({ title: z.string(), datasource: z.object({ uid: z.string() }), targets: z.array(z.object({ expr: z.string() })) })) })
  .parse(JSON.parse(read('grafana/dashboards/bot.json')));
const SECRET = /KEY|SECRET|TOKEN|PASSWORD|WEBHOOK/i;

describe('deploy/', () => {
  it("the Grafana dashboard queries only metrics the bot's /metrics serves, and shows what the issue asks for", async () => {
    const served = await servedMetrics();
    const queried = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => [...t.expr.matchAll(/\bbot_[a-z0-9_]+/g)].map((m) => m[0])));
    expect(queried.length).toBeGreaterThan(10);
    expect(queried.filter((name) => !served.has(name))).toEqual([]);
    const titles = dashboard.panels.map((p) => p.title.toLowerCase()).join(' | ');
    for (const subject of ['equity', 'drawdown', 'positions', 'orders', 'errors', 'latency', 'model per asset']) expect(titles).toContain(subject);
  });

  it("Grafana's provisioning points at the dashboard folder and at a Prometheus data source the panels name", () => {
    const sources = z
      .object({ datasources: z.array(z.object({ uid: z.string(), url: z.string() })) })
      .parse(YAML.parse(read('grafana/provisioning/datasources/prometheus.yml')));
    const uids = new Set(sources.datasources.map((d) => d.uid));
    for (const p of dashboard.panels) expect(uids, p.title).toContain(p.datasource.uid);
    expect(sources.datasources[0]!.url).toMatch(/^http:\/\/prometheus:\d+$/);
    const providers = z
      .object({ providers: z.array(z.object({ options: z.object({ path: z.string() }) })) })
      .parse(YAML.parse(read('grafana/provisioning/dashboards/dashboards.yml')));
    const grafanaMounts = new Map((compose.services['grafana']!.volumes ?? []).map((v) => v.split(':') as [string, string]).map(([from, to]) => [to, from]));
    const dashboardsFrom = grafanaMounts.get(providers.providers[0]!.options.path);
    expect(dashboardsFrom, 'the provider folder is mounted from deploy/').toBeDefined();
    expect(fs.existsSync(path.join(DEPLOY, dashboardsFrom!, 'bot.json'))).toBe(true);
  });

  it('compose: the bot, Prometheus and Grafana; files it mounts exist; Prometheus scrapes the port the bot serves; no secret in it', async () => {
    expect(Object.keys(compose.services).sort()).toEqual(['bot', 'grafana', 'prometheus']);
    for (const [name, s] of Object.entries(compose.services)) {
      for (const v of s.volumes ?? []) {
        const from = v.split(':')[0]!;
        if (from.startsWith('.')) expect(fs.existsSync(path.join(DEPLOY, from)), `${name}: ${v}`).toBe(true);
        else expect(compose.volumes, `${name}: ${v}`).toHaveProperty(from);
      }
      for (const [key, value] of Object.entries(s.environment ?? {}))
        if (SECRET.test(key)) expect(value, `${name}: ${key} must come from .env`).toMatch(/^\$\{/);
    }
    const bot = compose.services['bot']!;
    expect(fs.existsSync(path.join(DEPLOY, bot.build!.context, bot.build!.dockerfile))).toBe(true);
    const run = await cliAccepts(bot.command!);
    expect(run).toMatchObject({ command: 'run', options: { metricsHost: '0.0.0.0' } });
    expect(run.options['live']).toBeUndefined();
    const prometheus = z
      .object({ scrape_configs: z.array(z.object({ metrics_path: z.string(), static_configs: z.array(z.object({ targets: z.array(z.string()) })) })) })
      .parse(YAML.parse(read('prometheus/prometheus.yml')));
    expect(prometheus.scrape_configs[0]).toMatchObject({
      metrics_path: '/metrics',
      static_configs: [{ targets: [`bot:${String(run.options['metricsPort'])}`] }],
    });
    const example = read('.env.example');
    expect(example.split('\n').filter((l) => SECRET.test(l.split('=')[0]!) && !l.startsWith('#') && !/^GRAFANA_ADMIN_PASSWORD=change-me$/.test(l))).toEqual([]);
  });

  it('Dockerfile: multi-stage, not root, the home a volume, no secret, copies only what exists, runs the bin with a command the CLI accepts', async () => {
    const steps = dockerInstructions(read('Dockerfile'));
    const stages = steps.filter((s) => s.op === 'FROM');
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = steps.slice(steps.lastIndexOf(stages[stages.length - 1]!));
    const user = runtime.filter((s) => s.op === 'USER').pop();
    expect(user?.args).toBeDefined();
    expect(user!.args).not.toMatch(/^(root|0)(:|$)/);
    const env = runtime
      .filter((s) => s.op === 'ENV')
      .map((s) => s.args)
      .join(' ');
    const home = /BOT_HOME=(\S+)/.exec(env)?.[1];
    expect(runtime.find((s) => s.op === 'VOLUME')?.args).toContain(`"${home}"`);
    for (const s of steps.filter((x) => x.op === 'ENV' || x.op === 'ARG')) expect(s.args).not.toMatch(SECRET);

    // Every file copied from the build context exists, and .dockerignore lets it through.
    const ignore = read('Dockerfile.dockerignore')
      .split('\n')
      .filter((l) => l.startsWith('!'))
      .map((l) => l.slice(1));
    for (const s of steps.filter((x) => x.op === 'COPY' && !x.args.startsWith('--from'))) {
      for (const src of s.args.split(/\s+/).slice(0, -1)) {
        expect(fs.existsSync(path.join(ROOT, src)), src).toBe(true);
        expect(ignore, src).toContain(src);
      }
    }
    const entrypoint = z.array(z.string()).parse(JSON.parse(runtime.find((s) => s.op === 'ENTRYPOINT')!.args));
    expect(entrypoint).toEqual(['node', packageJson.bin.bot]);
    const cmd = z.array(z.string()).parse(JSON.parse(runtime.find((s) => s.op === 'CMD')!.args));
    const run = await cliAccepts(cmd);
    expect(run.command).toBe('run');
    expect(run.options['live']).toBeUndefined();
    // The health check asks the metrics endpoint the command serves.
    expect(runtime.find((s) => s.op === 'HEALTHCHECK')?.args).toContain(`127.0.0.1:${String(run.options['metricsPort'])}/metrics`);
  });

  it('systemd: ExecStart runs a bot command the CLI accepts; restarts on exit 75, never on exit 2', async () => {
    const unit = read('systemd/bot.service');
    const keys = new Map<string, string[]>();
    for (const line of unit.split('\n')) {
      const m = /^([A-Za-z]+)=(.*)$/.exec(line);
      if (m) keys.set(m[1]!, [...(keys.get(m[1]!) ?? []), m[2]!]);
    }
    const exec = keys.get('ExecStart')?.[0]?.split(/\s+/) ?? [];
    expect(exec.slice(0, 2)).toEqual(['/usr/bin/env', 'bot']);
    expect(Object.keys(packageJson.bin)).toContain('bot');
    const run = await cliAccepts(exec.slice(2));
    expect(run.command).toBe('run');
    expect(run.options['live']).toBeUndefined();
    expect(keys.get('Restart')).toEqual(['on-failure']);
    const prevent = (keys.get('RestartPreventExitStatus') ?? []).join(' ').split(/\s+/);
    expect(prevent).toContain('2');
    expect(prevent).not.toContain('75');
    expect(keys.get('User')).toEqual(['bot']);
  });

  const analyze = spawnSync('systemd-analyze', ['--version']).status === 0;
  it.skipIf(!analyze)(`systemd: systemd-analyze verify finds nothing to say about the unit${analyze ? '' : ' (no systemd-analyze here)'}`, () => {
    // It exits 0 on directives it ignores: what it prints is the verdict.
    const r = spawnSync('systemd-analyze', ['verify', path.join(DEPLOY, 'systemd/bot.service')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
  });

  it('the CLI check above refuses what the bot would refuse', async () => {
    await expect(cliAccepts(['run', '--metrics-prot', '9464'])).rejects.toThrow(/unknown option/);
    await expect(cliAccepts(['serve'])).rejects.toThrow();
    await expect(cliAccepts(['run', '--metrics-port', 'x'])).rejects.toThrow();
  });
});
