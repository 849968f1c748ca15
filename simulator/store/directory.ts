import type { Deployment, Keyset, Org, RegisteredKey } from './types.ts';

/** Orgs, deployments and user-verification keysets: the "Setup" side of the simulated orgs. */
export class Directory {
  private orgs = new Map<string, Org>();
  private deployments = new Map<string, Deployment>();
  private keysets = new Map<string, Keyset>();
  private changes = 0;

  /** Goes up on every change (a persisting simulator writes the directory again when it moved). */
  get version(): number {
    return this.changes;
  }

  listOrgs(): Org[] {
    return [...this.orgs.values()];
  }
  getOrg(id15: string): Org | undefined {
    return this.orgs.get(id15);
  }
  putOrg(org: Org): void {
    this.orgs.set(org.id, org);
    this.changes++;
  }

  listDeployments(orgId?: string): Deployment[] {
    return [...this.deployments.values()].filter((d) => !orgId || d.orgId === orgId);
  }
  getDeployment(orgId: string, name: string): Deployment | undefined {
    return this.deployments.get(key(orgId, name));
  }
  /**
   * Store (or replace) a deployment, frozen: a deployment changes only by being put again, which
   * moves `version`, so what is derived from one (the token replies' serialized config) holds until then.
   */
  putDeployment(deployment: Deployment): void {
    this.deployments.set(key(deployment.orgId, deployment.name), deepFreeze(deployment));
    this.changes++;
  }

  listKeysets(orgId?: string): Keyset[] {
    return [...this.keysets.values()].filter((k) => !orgId || k.orgId === orgId);
  }
  getKeyset(orgId: string, name: string): Keyset | undefined {
    return this.keysets.get(key(orgId, name));
  }
  putKeyset(keyset: Keyset): void {
    this.keysets.set(key(keyset.orgId, keyset.name), keyset);
    this.changes++;
  }

  addKey(keyset: Keyset, registered: RegisteredKey): void {
    keyset.keys = [...keyset.keys.filter((k) => k.kid !== registered.kid), registered];
    this.changes++;
  }
  removeKey(keyset: Keyset, kid: string): boolean {
    const before = keyset.keys.length;
    keyset.keys = keyset.keys.filter((k) => k.kid !== kid);
    this.changes++;
    return keyset.keys.length !== before;
  }
  /** Every kid in use anywhere, so assigned Auth Key IDs never collide. */
  hasKid(kid: string): boolean {
    return [...this.keysets.values()].some((k) => k.keys.some((key) => key.kid === kid));
  }

  clear(): void {
    this.orgs.clear();
    this.deployments.clear();
    this.keysets.clear();
    this.changes++;
  }

  snapshot(): { orgs: Org[]; deployments: Deployment[]; keysets: Keyset[] } {
    return structuredClone({ orgs: this.listOrgs(), deployments: this.listDeployments(), keysets: this.listKeysets() });
  }
  restore(snapshot: { orgs: Org[]; deployments: Deployment[]; keysets: Keyset[] }): void {
    this.clear();
    for (const o of snapshot.orgs) this.putOrg(o);
    for (const d of snapshot.deployments) this.putDeployment(d);
    for (const k of snapshot.keysets) this.putKeyset(k);
  }
}

const key = (orgId: string, name: string) => `${orgId}/${name}`;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
