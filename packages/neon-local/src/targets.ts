/**
 * The PostgreSQL servers a local Neon endpoint may reach. Neon's proxy decides from the connection
 * string where to go; a local stand-in that relayed anywhere it was told would be an open TCP proxy,
 * so it only reaches the `host:port` pairs it was started with.
 */
export class AllowedTargets {
  private readonly targets = new Set<string>();

  constructor(targets: Iterable<string>) {
    for (const target of targets) this.add(target);
  }

  add(target: string): void {
    const parsed = parseTarget(target);
    if (!parsed) throw new Error(`Not a host:port target: "${target}"`);
    this.targets.add(`${parsed.host}:${parsed.port}`);
  }

  allows(host: string, port: number): boolean {
    return this.targets.has(`${host}:${port}`);
  }

  list(): string[] {
    return [...this.targets];
  }
}

/** `host:port` (the wsproxy `address` parameter); IPv6 hosts come in brackets. */
export function parseTarget(address: string): { host: string; port: number } | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d{1,5})$/.exec(address);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}
