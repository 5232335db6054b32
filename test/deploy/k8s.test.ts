import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import {
  copyK8s,
  coverageErrors,
  idOf,
  k8sDir,
  kustomizeCommand,
  parseAll,
  policyErrors,
  render,
  repoRoot,
  schemaErrors,
  strictFieldErrors,
  type K8sObject,
  type PolicyOptions,
} from './lib/k8s';

const serviceFolders = fs
  .readdirSync(path.join(repoRoot, 'services'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const components = [...serviceFolders, 'gateway'];

/** Secrets that production creates outside the manifests (docs/operations.md). */
const externalSecrets = ['puesc-mongodb', 'puesc-smtp', 'puesc-identity', 'puesc-seap', 'puesc-pki-ca'];
const needs: PolicyOptions['needs'] = Object.fromEntries(
  components.map((c) => [c, { nats: true, mongodb: true, smtp: c === 'notifications' }]),
);
const targets: Record<string, PolicyOptions> = {
  base: { externalSecrets, needs },
  'overlays/dev': { needs },
  'overlays/prod': { externalSecrets, externalConfigMaps: ['puesc-pki-trust'], needs },
};

const rendered: Record<string, K8sObject[]> = {};
beforeAll(() => {
  for (const t of Object.keys(targets)) rendered[t] = render(path.join(k8sDir, t));
});

const of = (t: string, kind: string, name?: string) =>
  rendered[t]!.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));

describe('k8s/ renders with kustomize and validates against the Kubernetes schemas', () => {
  it('uses a real kustomize (kustomize, kubectl kustomize, or kustomize built from the Go module proxy)', () => {
    expect(kustomizeCommand().cmd).toMatch(/(^|\/)(kustomize|kubectl|puesc-kustomize-v[\d.]+)$/);
  });

  it.each(Object.keys(targets))('%s: every object is valid against its Kubernetes OpenAPI schema', (t) => {
    expect(rendered[t]!.length).toBeGreaterThan(30);
    expect(schemaErrors(rendered[t]!)).toEqual([]);
  });

  it.each(Object.keys(targets))('%s: no unknown field anywhere (strict, like kubeconform -strict)', (t) => {
    expect(strictFieldErrors(rendered[t]!)).toEqual([]);
  });

  it.each(Object.keys(targets))('%s: meets the platform policy (probes, security, references, network)', (t) => {
    expect(policyErrors(rendered[t]!, targets[t])).toEqual([]);
  });
});

describe('every service folder is deployed', () => {
  it.each(Object.keys(targets))(
    '%s: each of services/* and the gateway has its Deployment, Service, probes, securityContext, HPA, PDB and NetworkPolicies',
    (t) => {
      expect(serviceFolders.length).toBeGreaterThanOrEqual(6);
      expect(coverageErrors(rendered[t]!, components)).toEqual([]);
      const deployments = of(t, 'Deployment');
      expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...components].sort());
      for (const name of components) {
        const d = of(t, 'Deployment', name)[0]!;
        const pod = d['spec'].template.spec;
        const c = pod.containers[0];
        const env = Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.value]));
        expect(env['SERVICES']).toBe(name);
        expect(c.livenessProbe.httpGet.path).toBe('/health/live');
        expect(c.readinessProbe.httpGet.path).toBe('/health/ready');
        expect(c.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(pod.securityContext).toMatchObject({
          runAsNonRoot: true,
          runAsUser: 10001,
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(of(t, 'Service', name)).toHaveLength(1);
        expect(of(t, 'HorizontalPodAutoscaler', name)).toHaveLength(1);
        expect(of(t, 'PodDisruptionBudget', name)).toHaveLength(1);
        const labels = pod.metadata?.labels ?? d['spec'].template.metadata.labels;
        const policies = of(t, 'NetworkPolicy').filter((p) => {
          const sel = p['spec'].podSelector;
          return Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
        });
        const names = policies.map((p) => p.metadata.name);
        expect(names).toEqual(
          expect.arrayContaining(['default-deny-all', 'allow-dns', 'nats-egress', 'mongodb-egress']),
        );
        expect(names.includes('gateway-from-ingress-controller')).toBe(name === 'gateway');
        expect(names.includes('smtp-egress')).toBe(name === 'notifications');
      }
    },
  );

  it('the base ConfigMap sets what the runner reads, and the pki keys are mounted files from a Secret', () => {
    const cm = of('base', 'ConfigMap')[0]!;
    expect(cm['data']).toMatchObject({ PORT: '3000', SHUTDOWN_TIMEOUT_MS: '10000', DEMO_MODE: 'false' });
    expect(cm['data'].NATS_URL).toMatch(/^nats:\/\//);
    const pki = of('base', 'Deployment', 'pki')[0]!['spec'].template.spec;
    const vol = pki.volumes.find((v: any) => v.secret?.secretName === 'puesc-pki-ca');
    expect(vol.secret.defaultMode).toBe(0o440);
    const env = Object.fromEntries(pki.containers[0].env.map((e: any) => [e.name, e.value]));
    for (const k of ['PKI_ROOT_CERT_PEM_FILE', 'PKI_ISSUING_CERT_PEM_FILE', 'PKI_ISSUING_KEY_PEM_FILE'])
      expect(env[k]).toMatch(/^\/var\/run\/secrets\/puesc\/pki\/.+\.pem$/);
    // only pki mounts the CA, only identity the admin password
    for (const d of of('base', 'Deployment')) {
      const secretVols = (d['spec'].template.spec.volumes ?? [])
        .filter((v: any) => v.secret)
        .map((v: any) => v.secret.secretName);
      const expected = { pki: ['puesc-pki-ca'], identity: ['puesc-identity'] }[d.metadata.name as 'pki'] ?? [];
      expect([d.metadata.name, secretVols]).toEqual([d.metadata.name, expected]);
    }
  });
});

describe('overlays', () => {
  it('prod: pinned registry image, HA replicas, TLS ingress, no generated secrets, no demo mode', () => {
    for (const d of of('overlays/prod', 'Deployment')) {
      const image: string = d['spec'].template.spec.containers[0].image;
      expect(image).toMatch(/^[a-z0-9.-]+\.[a-z]+\/puesc\/platform:\d+\.\d+\.\d+/);
      // No static count: the HPA (minReplicas >= 2 below) owns it.
      expect(d['spec'].replicas).toBeUndefined();
      const spread = d['spec'].template.spec.topologySpreadConstraints.map((c: any) => c.topologyKey);
      expect(spread).toEqual(expect.arrayContaining(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']));
    }
    for (const h of of('overlays/prod', 'HorizontalPodAutoscaler'))
      expect(h['spec'].minReplicas).toBeGreaterThanOrEqual(2);
    expect(of('overlays/prod', 'Secret')).toEqual([]);
    const cm = of('overlays/prod', 'ConfigMap')[0]!['data'];
    expect(cm).toMatchObject({ DEMO_MODE: 'false', PKI_TEST_ANCHORS: 'false', PKI_GENERATE_CA: 'false' });
    expect(cm.LOG_LEVEL).not.toMatch(/debug|trace/);
    expect(cm.PKI_PUBLIC_BASE_URL).toMatch(/^https:\/\//);
    expect(cm.SEAP_PUBLIC_BASE_URL).toBe(cm.PKI_PUBLIC_BASE_URL);
    // pki verifies signatures against the configured trust anchors, mounted from a ConfigMap
    const pki = of('overlays/prod', 'Deployment', 'pki')[0]!['spec'].template.spec;
    expect(pki.volumes.find((v: any) => v.name === 'trust').configMap.name).toBe('puesc-pki-trust');
    const pkiEnv = Object.fromEntries(pki.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(pkiEnv.PKI_QUALIFIED_CA_PEM_FILE).toMatch(/^\/etc\/puesc\/pki-trust\//);
    const ing = of('overlays/prod', 'Ingress', 'gateway')[0]!['spec'];
    expect(ing.tls[0].hosts).toEqual([ing.rules[0].host]);
  });

  it('dev: one replica each, HPA 1..2, generated secrets, a different host from prod', () => {
    // One replica each: no static count, the HPAs start at 1.
    for (const d of of('overlays/dev', 'Deployment')) expect(d['spec'].replicas).toBeUndefined();
    for (const h of of('overlays/dev', 'HorizontalPodAutoscaler'))
      expect([h['spec'].minReplicas, h['spec'].maxReplicas]).toEqual([1, 2]);
    expect(
      of('overlays/dev', 'Secret')
        .map((s) => s.metadata.name.replace(/-[a-z0-9]{10}$/, ''))
        .sort(),
    ).toEqual([...externalSecrets].sort());
    expect(of('overlays/dev', 'Ingress')[0]!['spec'].rules[0].host).not.toBe(
      of('overlays/prod', 'Ingress')[0]!['spec'].rules[0].host,
    );
  });
});

describe('secrets', () => {
  it('secret.example.yaml holds valid Secrets naming every Secret the Deployments reference, with placeholders only', () => {
    const examples = parseAll(fs.readFileSync(path.join(k8sDir, 'base/secret.example.yaml'), 'utf8'));
    expect(schemaErrors(examples)).toEqual([]);
    expect(strictFieldErrors(examples)).toEqual([]);
    expect(examples.map((s) => s.metadata.name).sort()).toEqual([...externalSecrets].sort());
    for (const s of examples)
      for (const v of Object.values<string>(s['stringData'])) expect(v).toMatch(/REPLACE|PLACEHOLDER/);
    // secret.example.yaml is documentation, never applied
    const kust = YAML.parse(fs.readFileSync(path.join(k8sDir, 'base/kustomization.yaml'), 'utf8'));
    expect(kust.resources).not.toContain('secret.example.yaml');
  });

  it('no private key or certificate is committed under k8s/ (dev placeholders are not keys)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----/.test(fs.readFileSync(p, 'utf8')))
          offenders.push(path.relative(repoRoot, p));
      }
    };
    walk(k8sDir);
    expect(offenders).toEqual([]);
    for (const f of ['root-ca.pem', 'issuing-ca.pem', 'issuing-ca-key.pem', 'admin-password', 'token-key-secret'])
      expect(fs.readFileSync(path.join(k8sDir, 'overlays/dev/secrets', f), 'utf8')).toMatch(/^PLACEHOLDER/);
  });
});

describe('the validators fail on a deliberately broken copy', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-k8s-broken-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const breakFile = (k8s: string, rel: string, from: string | RegExp, to: string) => {
    const f = path.join(k8s, rel);
    const text = fs.readFileSync(f, 'utf8');
    const next = text.replace(from, to);
    if (next === text) throw new Error(`breaking ${rel}: ${from} not found`);
    fs.writeFileSync(f, next);
  };

  it('schema: a Deployment with revisionHistoryLimit: "five"', () => {
    const k8s = copyK8s(tmp);
    breakFile(k8s, 'base/registry.yaml', 'revisionHistoryLimit: 5', 'revisionHistoryLimit: "five"');
    const errors = schemaErrors(render(path.join(k8s, 'base')));
    expect(errors.join('\n')).toMatch(/Deployment\/registry: .*spec\/revisionHistoryLimit must be integer/);
  });

  it('policy (kube-score): a static replicas next to an HPA, a container without ephemeral-storage limits', () => {
    const k8s = copyK8s(tmp);
    // the base patch deletes replicas from every Deployment: an overlay that sets them again is caught
    fs.appendFileSync(
      path.join(k8s, 'overlays/dev/kustomization.yaml'),
      '\nreplicas:\n  - name: registry\n    count: 3\n',
    );
    breakFile(k8s, 'base/seap.yaml', '              ephemeral-storage: 512Mi\n', '');
    const dev = policyErrors(render(path.join(k8s, 'overlays/dev')), targets['overlays/dev']).join('\n');
    expect(dev).toMatch(/Deployment\/registry: static replicas 3 while an HPA scales it/);
    const base = policyErrors(render(path.join(k8s, 'base')), targets['base']).join('\n');
    expect(base).toMatch(/Deployment\/seap: container seap has no resources.limits.ephemeral-storage/);
  });

  it('gateway: /metrics on the operator port 9464, exposed by its Service and open to Prometheus only there', () => {
    const objs = render(path.join(k8sDir, 'base'));
    const gw = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'gateway')!['spec'].template;
    const c = gw.spec.containers[0];
    expect(c.ports).toContainEqual({ name: 'operator', containerPort: 9464, protocol: 'TCP' });
    expect(c.env).toContainEqual({ name: 'OPERATOR_PORT', value: '9464' });
    expect(gw.metadata.annotations['prometheus.io/port']).toBe('9464');
    const svc = objs.find((o) => o.kind === 'Service' && o.metadata.name === 'gateway')!['spec'];
    expect(svc.ports).toContainEqual({ name: 'operator', port: 9464, targetPort: 'operator', protocol: 'TCP' });
    const np = objs.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'metrics-from-monitoring')!;
    expect(np['spec'].ingress[0].ports).toContainEqual({ protocol: 'TCP', port: 'operator' });
    const ing = objs.find((o) => o.kind === 'Ingress')!['spec'];
    for (const r of ing.rules)
      for (const p of r.http.paths)
        expect(String(p.backend.service.port.name ?? p.backend.service.port.number)).not.toMatch(/operator|9464/);
  });

  it('schema: an HPA without maxReplicas and a Service port that is not a number', () => {
    const k8s = copyK8s(tmp);
    breakFile(k8s, 'base/seap.yaml', '  maxReplicas: 6\n', '');
    breakFile(k8s, 'base/seap.yaml', 'port: 3000', 'port: three-thousand');
    const errors = schemaErrors(render(path.join(k8s, 'base'))).join('\n');
    expect(errors).toMatch(/HorizontalPodAutoscaler\/seap: .*maxReplicas/);
    expect(errors).toMatch(/Service\/seap: .*port must be integer/);
  });

  it('strict: a misspelt field (readinesProbe) that the schema alone lets through', () => {
    const k8s = copyK8s(tmp);
    breakFile(k8s, 'base/szprot.yaml', 'readinessProbe:', 'readinesProbe:');
    const objs = render(path.join(k8s, 'base'));
    expect(schemaErrors(objs)).toEqual([]);
    expect(strictFieldErrors(objs).join('\n')).toMatch(/Deployment\/szprot: .*'"readinesProbe"' does not exist/);
    expect(policyErrors(objs, targets['base']).join('\n')).toMatch(
      /Deployment\/szprot: container szprot has no readinessProbe/,
    );
  });

  it('policy: a container without image, running as root, writable root, no limits, hostPath', () => {
    const k8s = copyK8s(tmp);
    breakFile(k8s, 'base/pki.yaml', '          image: puesc/platform\n', '');
    breakFile(k8s, 'base/identity.yaml', 'readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: false');
    breakFile(
      k8s,
      'base/identity.yaml',
      '        runAsUser: 10001\n        runAsGroup: 10001\n        fsGroup',
      '        runAsUser: 0\n        runAsGroup: 10001\n        fsGroup',
    );
    breakFile(
      k8s,
      'base/notifications.yaml',
      / {12}limits:\n {14}cpu: "1"\n {14}memory: 512Mi\n( +#[^\n]*\n)? +ephemeral-storage: 512Mi\n/,
      '',
    );
    breakFile(
      k8s,
      'base/seap.yaml',
      '        - name: data\n          emptyDir:\n            sizeLimit: 256Mi',
      '        - name: data\n          hostPath:\n            path: /var/lib/seap',
    );
    breakFile(k8s, 'base/gateway.yaml', 'terminationGracePeriodSeconds: 20', 'terminationGracePeriodSeconds: 5');
    const errors = policyErrors(render(path.join(k8s, 'base')), targets['base']).join('\n');
    expect(errors).toMatch(/Deployment\/pki: container pki has no image/);
    expect(errors).toMatch(/Deployment\/identity: container identity readOnlyRootFilesystem must be true/);
    expect(errors).toMatch(/Deployment\/identity: pod securityContext.runAsUser must be 10001/);
    expect(errors).toMatch(/Deployment\/notifications: container notifications has no resources.limits.cpu/);
    expect(errors).toMatch(/Deployment\/seap: volume data uses hostPath/);
    expect(errors).toMatch(/Deployment\/gateway: terminationGracePeriodSeconds 5 < preStop 5 \+ drain 10/);
  });

  it('policy: a NetworkPolicy that opens a service to the whole cluster, and one that drops NATS egress', () => {
    const k8s = copyK8s(tmp);
    breakFile(
      k8s,
      'base/networkpolicies.yaml',
      'kubernetes.io/metadata.name: monitoring',
      'kubernetes.io/metadata.name: monitoring\n        - namespaceSelector: {}',
    );
    breakFile(
      k8s,
      'base/networkpolicies.yaml',
      '      puesc.io/nats-client: "true"',
      '      puesc.io/nats-client: "false"',
    );
    const errors = policyErrors(render(path.join(k8s, 'base')), targets['base']).join('\n');
    expect(errors).toMatch(/Deployment\/registry: ingress from some-other-namespace\/\{\} is allowed/);
    expect(errors).toMatch(/Deployment\/registry: NATS egress is denied but needed=true/);
  });

  it('policy: a Deployment removed (a service folder without its Deployment), and a dangling Secret reference', () => {
    const k8s = copyK8s(tmp);
    breakFile(k8s, 'base/kustomization.yaml', '  - szprot.yaml\n', '');
    breakFile(k8s, 'base/registry.yaml', 'name: puesc-mongodb', 'name: puesc-mongo');
    const objs = render(path.join(k8s, 'base'));
    expect(objs.filter((o) => o.kind === 'Deployment').map(idOf)).not.toContain('Deployment/szprot');
    expect(coverageErrors(objs, components)).toEqual(
      expect.arrayContaining([
        'szprot: no Deployment running SERVICES=szprot',
        'szprot: no Service',
        'szprot: no HorizontalPodAutoscaler',
      ]),
    );
    expect(policyErrors(objs, targets['base']).join('\n')).toMatch(
      /Deployment\/registry: container registry env MONGO_URL references unknown Secret puesc-mongo/,
    );
  });

  it('kustomize itself fails on a kustomization that names a missing file', () => {
    const k8s = copyK8s(tmp);
    breakFile(k8s, 'base/kustomization.yaml', '  - ingress.yaml', '  - ingress.yaml\n  - no-such-file.yaml');
    expect(() => render(path.join(k8s, 'overlays/prod'))).toThrow(/no-such-file/);
  });
});
