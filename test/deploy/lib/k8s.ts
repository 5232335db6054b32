/**
 * Kubernetes manifest validation for CI, without a cluster:
 *  1. render with kustomize (`kustomize build` or the kustomize built into `kubectl`), offline;
 *  2. schema: every object against the Kubernetes OpenAPI schema compiled into `kubernetes-models`
 *     (types, enums, required fields, formats);
 *  3. strict fields: the same models' TypeScript interfaces, checked by the TypeScript compiler with
 *     excess-property checks, reject unknown fields anywhere (what `kubectl apply` with server-side
 *     field validation or `kubeconform -strict` would refuse: `readinesProbe`, `imagePullPolicies`);
 *  4. policy: what this platform requires of its own manifests (probes, restricted security context,
 *     graceful termination, references that resolve, network reachability).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import YAML from 'yaml';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: any;
}

export const repoRoot = path.resolve(__dirname, '../../..');
export const k8sDir = path.join(repoRoot, 'k8s');

function onPath(cmd: string): boolean {
  return spawnSync(cmd, ['version'], { stdio: 'ignore' }).status === 0;
}

/** The kustomize release built from the Go module proxy when no binary is installed. */
export const KUSTOMIZE_MODULE = 'sigs.k8s.io/kustomize/kustomize/v5@v5.5.0';

/**
 * `kustomize build DIR` if a kustomize binary is installed, else `kubectl kustomize DIR`, else a
 * kustomize built once from the Go module proxy (cached in the temp folder).
 */
export function kustomizeCommand(opts: { allowInstalled?: boolean } = {}): {
  cmd: string;
  args: (dir: string) => string[];
} {
  const installed = opts.allowInstalled ?? true;
  if (installed && onPath('kustomize')) return { cmd: 'kustomize', args: (d) => ['build', d] };
  if (installed && spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0)
    return { cmd: 'kubectl', args: (d) => ['kustomize', d] };
  const go = ['go', '/usr/local/go/bin/go'].find((g) => spawnSync(g, ['version'], { stdio: 'ignore' }).status === 0);
  if (go) {
    const bin = path.join(os.tmpdir(), `puesc-kustomize-${KUSTOMIZE_MODULE.split('@')[1]}`);
    if (!fs.existsSync(bin)) {
      const gobin = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-gobin-'));
      execFileSync(go, ['install', KUSTOMIZE_MODULE], {
        env: { ...process.env, GOBIN: gobin },
        stdio: 'pipe',
        timeout: 600_000,
      });
      fs.renameSync(path.join(gobin, 'kustomize'), bin);
    }
    return { cmd: bin, args: (d) => ['build', d] };
  }
  throw new Error(
    'no kustomize, no kubectl (with its built-in kustomize) and no Go toolchain to build kustomize: cannot render k8s/',
  );
}

/** Renders a kustomization directory into its objects. Throws with kustomize's message on failure. */
export function render(dir: string): K8sObject[] {
  const { cmd, args } = kustomizeCommand();
  const out = execFileSync(cmd, args(dir), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 << 20,
  });
  return parseAll(out);
}

export function parseAll(text: string): K8sObject[] {
  return YAML.parseAllDocuments(text)
    .map((d) => {
      if (d.errors.length) throw new Error(d.errors.map((e) => e.message).join('\n'));
      return d.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null && typeof o === 'object');
}

export const idOf = (o: K8sObject): string => `${o.kind}/${o.metadata?.name ?? '?'}`;

// ---------------------------------------------------------------------------------------------
// 2. schema validation (kubernetes-models)

/** The model class of apiVersion/kind, or undefined when kubernetes-models has none (a CRD). */
function modelOf(o: K8sObject): { new (data: unknown): { validate(): void } } | undefined {
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return undefined;
  try {
    // kubernetes-models/<group>/<version> (core: kubernetes-models/v1) exports one class per kind.
    const mod = require(`kubernetes-models/${o.apiVersion}`) as Record<string, any>;
    return mod[o.kind];
  } catch {
    return undefined;
  }
}

/**
 * kustomize folds long base64 values of Secret/ConfigMap `data` over several lines; the API server
 * decodes them with Go's encoding/base64, which skips \r and \n. Validate what the server sees.
 */
function normalise(o: K8sObject): K8sObject {
  const field = { Secret: 'data', ConfigMap: 'binaryData' }[o.kind];
  if (!field || !o[field]) return o;
  const clean = Object.fromEntries(
    Object.entries<string>(o[field]).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/[\r\n]/g, '') : v]),
  );
  return { ...o, [field]: clean };
}

export function schemaErrors(objs: K8sObject[]): string[] {
  const errors: string[] = [];
  for (const o of objs) {
    const Model = modelOf(o);
    if (!Model) {
      errors.push(`${idOf(o)}: unknown apiVersion/kind ${o.apiVersion}/${o.kind} (no schema to validate against)`);
      continue;
    }
    try {
      new Model(normalise(o)).validate();
    } catch (e) {
      errors.push(`${idOf(o)}: ${(e as Error).message.replace(/\s+/g, ' ')}`);
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// 3. strict fields (TypeScript excess-property checks against the models' interfaces)

export function strictFieldErrors(objs: K8sObject[]): string[] {
  const errors: string[] = [];
  const file = path.join(__dirname, '__k8s_strict_check__.ts');
  const lines: string[] = [];
  const spans: { from: number; to: number; id: string }[] = [];
  objs.forEach((o, i) => {
    if (!modelOf(o)) return; // reported by schemaErrors
    lines.push(`import type { I${o.kind} as T${i} } from 'kubernetes-models/${o.apiVersion}/${o.kind}';`);
  });
  let lineNo = lines.length;
  objs.forEach((o, i) => {
    if (!modelOf(o)) return;
    const text = `export const o${i}: T${i} = ${JSON.stringify(o, null, 2)};`;
    const n = text.split('\n').length;
    spans.push({ from: lineNo + 1, to: lineNo + n, id: idOf(o) });
    lines.push(text);
    lineNo += n;
  });
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, lang, ...rest) =>
    name === file ? ts.createSourceFile(name, source, lang, true) : getSourceFile(name, lang, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const sf = program.getSourceFile(file)!;
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const msg = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    if (d.file !== sf || d.start === undefined) {
      errors.push(`strict check: ${msg}`);
      continue;
    }
    const { line } = sf.getLineAndCharacterOfPosition(d.start);
    const span = spans.find((s) => line + 1 >= s.from && line + 1 <= s.to);
    const text = sf.text.split('\n')[line]?.trim() ?? '';
    errors.push(`${span?.id ?? 'manifest'}: ${msg} (at: ${text})`);
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// 4. platform policy

const byKind = (objs: K8sObject[], kind: string) => objs.filter((o) => o.kind === kind);
const matches = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);

/** Label selector semantics (matchLabels + matchExpressions In/NotIn/Exists/DoesNotExist). */
export function selects(sel: any, labels: Record<string, string>): boolean {
  if (!sel) return false;
  if (!matches(sel.matchLabels, labels)) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    if (e.operator === 'In' && !(has && e.values.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && e.values.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

export interface PolicyOptions {
  /** Secrets referenced but created outside the manifests (production: a secret manager). */
  externalSecrets?: string[];
  /** ConfigMaps referenced but created outside the manifests (trust anchors). */
  externalConfigMaps?: string[];
  /** Component name -> what it must reach. */
  needs?: Record<string, { nats?: boolean; mongodb?: boolean; smtp?: boolean }>;
}

function envOf(c: any, configMaps: K8sObject[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const ef of c.envFrom ?? []) {
    const cm = configMaps.find((m) => m.metadata.name === ef.configMapRef?.name);
    Object.assign(env, cm?.['data'] ?? {});
  }
  for (const e of c.env ?? []) env[e.name] = e.value ?? `<from ${e.valueFrom ? Object.keys(e.valueFrom)[0] : '?'}>`;
  return env;
}

/** Network policy evaluation for one pod: which peers may reach it, and which it may reach. */
export function networkView(objs: K8sObject[], namespace: string, podLabels: Record<string, string>) {
  const pols = byKind(objs, 'NetworkPolicy').filter(
    (p) => selects(p['spec'].podSelector, podLabels) || isEmptySel(p['spec'].podSelector),
  );
  const types = (p: K8sObject): string[] => p['spec'].policyTypes ?? ['Ingress'];
  const ingressPols = pols.filter((p) => types(p).includes('Ingress'));
  const egressPols = pols.filter((p) => types(p).includes('Egress'));
  return {
    ingressIsolated: ingressPols.length > 0,
    egressIsolated: egressPols.length > 0,
    ingressRules: ingressPols.flatMap((p) =>
      (p['spec'].ingress ?? []).map((r: any) => ({ policy: p.metadata.name, ...r })),
    ),
    egressRules: egressPols.flatMap((p) =>
      (p['spec'].egress ?? []).map((r: any) => ({ policy: p.metadata.name, ...r })),
    ),
    namespace,
  };
}
const isEmptySel = (s: any) =>
  s && Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;

/** Can a pod with podLabels in namespace `toNs` (nsLabels) be reached on `port` by the egress rules? */
export function egressAllows(
  rules: any[],
  peer: { nsName: string; podLabels: Record<string, string> },
  port: number,
  self: { ns: string },
) {
  return rules.some((r) => peerMatches(r.to, peer, self.ns) && portMatches(r.ports, port));
}
export function ingressAllows(
  rules: any[],
  peer: { nsName: string; podLabels: Record<string, string> },
  port: number | string,
  self: { ns: string },
) {
  return rules.some((r) => peerMatches(r.from, peer, self.ns) && portMatches(r.ports, port));
}
function peerMatches(
  peers: any[] | undefined,
  peer: { nsName: string; podLabels: Record<string, string> },
  selfNs: string,
) {
  if (!peers || peers.length === 0) return true; // empty from/to = everyone
  const nsLabels = { 'kubernetes.io/metadata.name': peer.nsName };
  return peers.some((p) => {
    if (p.ipBlock) return peer.nsName === '<outside>';
    const nsOk = p.namespaceSelector
      ? selects(p.namespaceSelector, nsLabels) || isEmptySel(p.namespaceSelector)
      : peer.nsName === selfNs;
    const podOk = p.podSelector ? selects(p.podSelector, peer.podLabels) || isEmptySel(p.podSelector) : true;
    return nsOk && podOk;
  });
}
function portMatches(ports: any[] | undefined, port: number | string) {
  if (!ports || ports.length === 0) return true;
  return ports.some(
    (p) =>
      p.port === undefined ||
      p.port === port ||
      (port === 3000 && p.port === 'http') ||
      (port === 'http' && p.port === 3000),
  );
}

/** The platform's own rules for rendered manifests; returns violations (empty = fine). */
export function policyErrors(objs: K8sObject[], opts: PolicyOptions = {}): string[] {
  const errs: string[] = [];
  const err = (o: K8sObject, m: string) => errs.push(`${idOf(o)}: ${m}`);
  const configMaps = byKind(objs, 'ConfigMap');
  const secrets = new Set(byKind(objs, 'Secret').map((s) => s.metadata.name));
  const external = new Set(opts.externalSecrets ?? []);
  const services = byKind(objs, 'Service');
  /** Keys of a Secret rendered with the manifests; undefined for one created outside them. */
  const secretKeys = (name: string): string[] | undefined => {
    const x = byKind(objs, 'Secret').find((o) => o.metadata.name === name);
    return x && Object.keys({ ...(x['data'] ?? {}), ...(x['stringData'] ?? {}) });
  };
  const ns = byKind(objs, 'Namespace')[0]?.metadata.name;
  if (!ns) errs.push('no Namespace object');

  for (const o of objs) {
    if (o.kind !== 'Namespace' && o.metadata.namespace !== ns) err(o, `namespace ${o.metadata.namespace} is not ${ns}`);
    if (o.kind === 'Secret' && opts.externalSecrets) {
      for (const v of Object.values<string>({ ...(o['stringData'] ?? {}), ...(o['data'] ?? {}) })) {
        const text = o['data'] ? Buffer.from(v, 'base64').toString('utf8') : v;
        if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) err(o, 'holds a private key in the manifests');
      }
    }
  }

  for (const d of byKind(objs, 'Deployment')) {
    const spec = d['spec'] ?? {};
    const tpl = spec.template ?? {};
    const pod = tpl.spec ?? {};
    const labels: Record<string, string> = tpl.metadata?.labels ?? {};
    if (!selects(spec.selector, labels)) err(d, 'selector does not match the pod template labels');
    if (pod.automountServiceAccountToken !== false) err(d, 'automountServiceAccountToken must be false');
    const psc = pod.securityContext ?? {};
    if (psc.runAsNonRoot !== true) err(d, 'pod securityContext.runAsNonRoot must be true');
    if (psc.runAsUser !== 10001) err(d, 'pod securityContext.runAsUser must be 10001');
    if (psc.seccompProfile?.type !== 'RuntimeDefault') err(d, 'pod seccompProfile must be RuntimeDefault');
    const containers: any[] = pod.containers ?? [];
    if (containers.length === 0) err(d, 'no containers');
    for (const c of containers) {
      const where = `container ${c.name}`;
      if (!c.image) err(d, `${where} has no image`);
      else if (/:latest$/.test(c.image) || !/:[^/]+$|@sha256:/.test(c.image))
        err(d, `${where} image ${c.image} is not pinned to a tag or digest`);
      for (const k of ['requests', 'limits'])
        for (const r of ['cpu', 'memory', 'ephemeral-storage'])
          if (!c.resources?.[k]?.[r]) err(d, `${where} has no resources.${k}.${r}`);
      const http = c.ports?.find((p: any) => p.name === 'http');
      if (!http) err(d, `${where} has no port named http`);
      const probe = (name: string, p: string) => {
        const pr = c[name];
        if (!pr?.httpGet) return err(d, `${where} has no ${name} (httpGet ${p})`);
        if (pr.httpGet.path !== p) err(d, `${where} ${name} path is ${pr.httpGet.path}, expected ${p}`);
        if (pr.httpGet.port !== 'http' && pr.httpGet.port !== http?.containerPort)
          err(d, `${where} ${name} port is not the http port`);
      };
      probe('livenessProbe', '/health/live');
      probe('readinessProbe', '/health/ready');
      const sc = c.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false) err(d, `${where} allowPrivilegeEscalation must be false`);
      if (sc.readOnlyRootFilesystem !== true) err(d, `${where} readOnlyRootFilesystem must be true`);
      if (sc.privileged === true) err(d, `${where} must not be privileged`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) err(d, `${where} must drop ALL capabilities`);
      if ((sc.capabilities?.add ?? []).length) err(d, `${where} must not add capabilities`);
      if (sc.runAsUser !== undefined && sc.runAsUser !== 10001) err(d, `${where} runAsUser must be 10001`);
      if (!(sc.seccompProfile?.type === 'RuntimeDefault' || psc.seccompProfile?.type === 'RuntimeDefault'))
        err(d, `${where} seccompProfile must be RuntimeDefault`);
      const mounts: any[] = c.volumeMounts ?? [];
      if (!mounts.some((m) => m.mountPath === '/tmp')) err(d, `${where} has no writable /tmp (emptyDir)`);
      for (const m of mounts) {
        const v = (pod.volumes ?? []).find((x: any) => x.name === m.name);
        if (!v) err(d, `${where} mounts unknown volume ${m.name}`);
        else if (v.secret && m.readOnly !== true) err(d, `${where} secret volume ${m.name} must be mounted readOnly`);
      }
      const env = envOf(c, configMaps);
      if (env['DEMO_MODE'] !== undefined && env['DEMO_MODE'] !== 'false')
        err(d, `${where} DEMO_MODE is ${env['DEMO_MODE']}`);
      if (!env['SERVICES']) err(d, `${where} has no SERVICES`);
      // graceful termination: preStop + drain (SHUTDOWN_TIMEOUT_MS) + >= 3 s margin before SIGKILL
      const drain = Number(env['SHUTDOWN_TIMEOUT_MS'] ?? 10000) / 1000;
      const preStop = c.lifecycle?.preStop?.sleep?.seconds ?? 0;
      const grace = pod.terminationGracePeriodSeconds ?? 30;
      if (grace < preStop + drain + 3)
        err(d, `terminationGracePeriodSeconds ${grace} < preStop ${preStop} + drain ${drain} + 3`);
      if (grace > preStop + drain + 30)
        err(d, `terminationGracePeriodSeconds ${grace} is far above the drain (${drain} s)`);
      // references
      for (const ef of c.envFrom ?? []) {
        if (ef.configMapRef && !configMaps.some((m) => m.metadata.name === ef.configMapRef.name))
          err(d, `${where} envFrom unknown ConfigMap ${ef.configMapRef.name}`);
        if (ef.secretRef && !secrets.has(ef.secretRef.name) && !external.has(ef.secretRef.name))
          err(d, `${where} envFrom unknown Secret ${ef.secretRef.name}`);
      }
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref && !secrets.has(ref.name) && !external.has(ref.name))
          err(d, `${where} env ${e.name} references unknown Secret ${ref.name}`);
        const held = ref && secretKeys(ref.name);
        if (held && !ref.optional && !held.includes(ref.key))
          err(d, `${where} env ${e.name} references key ${ref.key} missing from Secret ${ref.name}`);
        if (/_FILE$/.test(e.name) && e.value && !mounts.some((m) => e.value.startsWith(`${m.mountPath}/`)))
          err(d, `${where} env ${e.name}=${e.value} is not on a mounted volume`);
      }
    }
    for (const v of pod.volumes ?? []) {
      if (v.secret && !secrets.has(v.secret.secretName) && !external.has(v.secret.secretName))
        err(d, `volume ${v.name} references unknown Secret ${v.secret.secretName}`);
      const held = v.secret && secretKeys(v.secret.secretName);
      for (const item of v.secret?.items ?? [])
        if (held && !held.includes(item.key))
          err(d, `volume ${v.name} needs key ${item.key} missing from Secret ${v.secret.secretName}`);
      if (
        v.configMap &&
        !configMaps.some((m) => m.metadata.name === v.configMap.name) &&
        !(opts.externalConfigMaps ?? []).includes(v.configMap.name)
      )
        err(d, `volume ${v.name} references unknown ConfigMap ${v.configMap.name}`);
      if (v.hostPath) err(d, `volume ${v.name} uses hostPath`);
    }
    // companions: Service, PDB, HPA
    const svc = services.filter((s) => s['spec']?.selector && matches(s['spec'].selector, labels));
    if (svc.length === 0) err(d, 'no Service selects its pods');
    for (const s of svc)
      for (const p of s['spec'].ports ?? [])
        if (
          !containers.some((c) =>
            (c.ports ?? []).some((cp: any) => cp.name === p.targetPort || cp.containerPort === p.targetPort),
          )
        )
          err(s, `targetPort ${p.targetPort} is not a port of Deployment ${d.metadata.name}`);
    const pdbs = byKind(objs, 'PodDisruptionBudget').filter((p) => selects(p['spec'].selector, labels));
    if (pdbs.length !== 1) err(d, `expected one PodDisruptionBudget, found ${pdbs.length}`);
    const hpas = byKind(objs, 'HorizontalPodAutoscaler').filter(
      (h) => h['spec'].scaleTargetRef?.kind === 'Deployment' && h['spec'].scaleTargetRef?.name === d.metadata.name,
    );
    if (hpas.length !== 1) err(d, `expected one HorizontalPodAutoscaler, found ${hpas.length}`);
    for (const h of hpas) {
      const { minReplicas = 1, maxReplicas } = h['spec'];
      if (!(minReplicas <= maxReplicas)) err(h, `minReplicas ${minReplicas} > maxReplicas ${maxReplicas}`);
      // kube-score: every apply of a static count would reset what the HPA chose.
      if (spec.replicas !== undefined) err(d, `static replicas ${spec.replicas} while an HPA scales it`);
      if (!(minReplicas >= 1)) err(h, `minReplicas ${minReplicas} below 1`);
      if (!(h['spec'].metrics ?? []).length) err(h, 'no metrics');
      const res = containers[0]?.resources?.requests;
      for (const m of h['spec'].metrics ?? [])
        if (m.type === 'Resource' && !res?.[m.resource.name])
          err(h, `scales on ${m.resource.name} but the pods request none`);
    }
  }

  for (const s of services) {
    if (!byKind(objs, 'Deployment').some((d) => matches(s['spec'].selector, d['spec']?.template?.metadata?.labels)))
      err(s, 'selects no Deployment');
  }
  for (const i of byKind(objs, 'Ingress')) {
    for (const r of i['spec'].rules ?? [])
      for (const p of r.http?.paths ?? []) {
        const b = p.backend?.service;
        const s = services.find((x) => x.metadata.name === b?.name);
        if (!s) err(i, `backend Service ${b?.name} does not exist`);
        else if (!(s['spec'].ports ?? []).some((sp: any) => sp.name === b.port?.name || sp.port === b.port?.number))
          err(i, `backend port ${JSON.stringify(b.port)} is not a port of Service ${b.name}`);
        const exposes = ['/metrics', '/health'].some((x) => x.startsWith(p.path) || p.path.startsWith(x));
        if (exposes) err(i, `path ${p.path} exposes /metrics or /health outside the cluster`);
      }
  }

  // network: default deny; only the gateway is reachable from the ingress controller; needs met.
  if (ns) {
    const outsiders: { nsName: string; podLabels: Record<string, string> }[] = [
      { nsName: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
      { nsName: 'some-other-namespace', podLabels: {} },
      { nsName: '<outside>', podLabels: {} },
      { nsName: ns, podLabels: { 'app.kubernetes.io/name': 'some-other-pod' } },
    ];
    const deps = byKind(objs, 'Deployment');
    for (const d of deps) {
      const labels: Record<string, string> = d['spec']?.template?.metadata?.labels ?? {};
      const name = labels['app.kubernetes.io/name'] ?? d.metadata.name;
      const v = networkView(objs, ns, labels);
      if (!v.ingressIsolated) err(d, 'no NetworkPolicy isolates its ingress');
      if (!v.egressIsolated) err(d, 'no NetworkPolicy isolates its egress');
      const isGateway = name === 'gateway';
      for (const o of outsiders) {
        const allowed = ingressAllows(v.ingressRules, o, 3000, { ns });
        const shouldBe = isGateway && o.nsName === 'ingress-nginx';
        if (allowed !== shouldBe)
          err(d, `ingress from ${o.nsName}/${JSON.stringify(o.podLabels)} is ${allowed ? 'allowed' : 'denied'}`);
      }
      if (!ingressAllows(v.ingressRules, { nsName: 'monitoring', podLabels: {} }, 3000, { ns }))
        err(d, 'Prometheus (namespace monitoring) cannot scrape :3000');
      for (const other of deps) {
        if (other === d) continue;
        const ol = other['spec']?.template?.metadata?.labels ?? {};
        if (ingressAllows(v.ingressRules, { nsName: ns, podLabels: ol }, 3000, { ns }))
          err(d, `accepts traffic from ${other.metadata.name} (services talk over NATS only)`);
      }
      if (!egressAllows(v.egressRules, { nsName: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } }, 53, { ns }))
        err(d, 'cannot resolve DNS');
      const need = opts.needs?.[name] ?? { nats: true, mongodb: true };
      const nats = egressAllows(
        v.egressRules,
        { nsName: 'nats', podLabels: { 'app.kubernetes.io/name': 'nats' } },
        4222,
        { ns },
      );
      const mongo = egressAllows(v.egressRules, { nsName: 'mongodb', podLabels: {} }, 27017, { ns });
      const internet = egressAllows(v.egressRules, { nsName: '<outside>', podLabels: {} }, 443, { ns });
      if (Boolean(need.nats) !== nats)
        err(d, `NATS egress is ${nats ? 'allowed' : 'denied'} but needed=${Boolean(need.nats)}`);
      if (Boolean(need.mongodb) !== mongo)
        err(d, `MongoDB egress is ${mongo ? 'allowed' : 'denied'} but needed=${Boolean(need.mongodb)}`);
      if (internet) err(d, 'may reach the internet on 443');
      const smtp = [25, 465, 587, 1025].some((p) =>
        ['<outside>', 'mailpit'].some((n) => egressAllows(v.egressRules, { nsName: n, podLabels: {} }, p, { ns })),
      );
      if (Boolean(need.smtp) !== smtp)
        err(d, `SMTP egress is ${smtp ? 'allowed' : 'denied'} but needed=${Boolean(need.smtp)}`);
    }
  }
  return errs;
}

/**
 * Each component (a folder in services/, and the gateway) has: a Deployment running it
 * (SERVICES=<name>) with liveness/readiness probes and a restricted security context, a Service,
 * an HPA, a PDB, and NetworkPolicies that isolate it and let it reach NATS and MongoDB.
 */
export function coverageErrors(objs: K8sObject[], components: string[]): string[] {
  const errs: string[] = [];
  const ns = byKind(objs, 'Namespace')[0]?.metadata.name ?? '';
  for (const name of components) {
    const d = byKind(objs, 'Deployment').find((x) =>
      (x['spec']?.template?.spec?.containers ?? []).some((c: any) =>
        (c.env ?? []).some((e: any) => e.name === 'SERVICES' && e.value === name),
      ),
    );
    if (!d) errs.push(`${name}: no Deployment running SERVICES=${name}`);
    const c = d?.['spec'].template.spec.containers[0];
    if (d && !(c.livenessProbe?.httpGet && c.readinessProbe?.httpGet))
      errs.push(`${name}: no liveness/readiness probes`);
    if (d && !(c.securityContext?.readOnlyRootFilesystem && d['spec'].template.spec.securityContext?.runAsNonRoot))
      errs.push(`${name}: no restricted securityContext`);
    for (const kind of ['Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget'])
      if (!byKind(objs, kind).some((o) => o.metadata.name === name)) errs.push(`${name}: no ${kind}`);
    if (d) {
      const v = networkView(objs, ns, d['spec'].template.metadata?.labels ?? {});
      if (!v.ingressIsolated || !v.egressIsolated) errs.push(`${name}: not isolated by a NetworkPolicy`);
      if (
        !egressAllows(v.egressRules, { nsName: 'nats', podLabels: { 'app.kubernetes.io/name': 'nats' } }, 4222, { ns })
      )
        errs.push(`${name}: no NetworkPolicy lets it reach NATS`);
      if (!egressAllows(v.egressRules, { nsName: 'mongodb', podLabels: {} }, 27017, { ns }))
        errs.push(`${name}: no NetworkPolicy lets it reach MongoDB`);
    }
  }
  return errs;
}

/** Copies k8s/ into a temporary folder (to break a copy on purpose). */
export function copyK8s(tmpRoot: string): string {
  const dst = path.join(tmpRoot, 'k8s');
  fs.cpSync(k8sDir, dst, { recursive: true });
  return dst;
}
