/**
 * Every ExternalSecret template regcred emits, rendered by the External
 * Secrets Operator's own template engine (pkg/template/v2, v0.16.2) over the
 * data its generators and stores return: the `.dockerconfigjson` equals
 * regcred's own for those credentials, and the kubelet's rules read back
 * exactly the username and password, for any characters in them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import {
  ExternalCredentials,
  RegistryCredentials,
  renderDockerConfigJson,
  resolvePullCredentials,
  type PullCredential,
} from 'regcred';
import { goJsonString } from '../../src/core/private/go-json';
import { runOperators, type RenderRequest } from './operators';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');

/**
 * regcred's .dockerconfigjson for one credential: its renderer where it takes them as they are
 * (no error, and no warning such as a trimmed space), else the same encoding written out.
 */
function regcredPayload(
  registry: string,
  username: string,
  password: string,
): { payload: string; byRenderer: boolean } {
  try {
    const c = RegistryCredentials.basic({ registry, username, password });
    if (c.warnings.length > 0) throw new Error('taken with a change');
    return { payload: renderDockerConfigJson([c]), byRenderer: true };
  } catch {
    const auth = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
    return {
      payload: `{"auths":{${goJsonString(registry)}:{"username":${goJsonString(username)},"password":${goJsonString(password)},"auth":${goJsonString(auth)}}}}`,
      byRenderer: false,
    };
  }
}

type UserPass = { username: string; password: string };

function kubeletReads(payload: Buffer, image: string): UserPass[] {
  const secret = { type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': payload.toString('base64') } };
  return resolvePullCredentials([secret], image).creds.map(({ username, password }) => ({ username, password }));
}

/** Usernames and passwords: hostile ones, and every credential the kubelet oracle sample holds. */
function credentialSet(): Array<[string, string]> {
  const hostile: Array<[string, string]> = [
    ['gitlab+deploy-token-1', 'gldt-abc'],
    ['a"b', 'c\\d'],
    ['user', 'pass"word\\with"quotes'],
    ['ünïcödé', '密码🔑'],
    ['ctl\u0001\u001f', 'tab\tnew\nline\r'],
    ['html<&>', '\u2028\u2029'],
    ['', 'only-password'],
    ['only-user', ''],
    ['{{ .password }}', '}}{{'],
  ];
  const sample = zlib
    .gunzipSync(fs.readFileSync(path.join(__dirname, '../fixtures/oracle-sample.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => (JSON.parse(line) as { expected: { creds?: PullCredential[] } }).expected.creds ?? [])
    .map((c) => [c.username, c.password] as [string, string]);
  const seen = new Set<string>();
  return [...hostile, ...sample].filter(([u, p]) => {
    const k = JSON.stringify([u, p]);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const totals = { rendered: 0, byRenderer: 0, kubeletChecked: 0 };
afterAll(() =>
  console.log(
    `External Secrets' template engine: ${totals.rendered} templates rendered, ${totals.byRenderer} compared byte for byte with renderDockerConfigJson, ${totals.kubeletChecked} read back by the kubelet's rules`,
  ),
);

test("a store-backed template renders regcred's .dockerconfigjson for every username and password, and the kubelet reads them back", () => {
  const template = ExternalCredentials.fromStore({
    registry: 'registry.example.com',
    store: { name: 'vault' },
    key: 'gitlab',
  }).dockerConfigJsonTemplate();
  const creds = credentialSet();
  const render: RenderRequest[] = creds.map(([u, p], i) => ({
    id: String(i),
    template: { '.dockerconfigjson': template },
    data: { username: b(u), password: b(p) },
  }));
  const { rendered } = runOperators({ render });
  const mismatches: string[] = [];
  rendered.forEach((r, i) => {
    const [u, p] = creds[i];
    const want = regcredPayload('registry.example.com', u, p);
    const got = r.secret?.data?.['.dockerconfigjson'];
    if (r.error || !got || got.toString('utf8') !== want.payload)
      mismatches.push(`${JSON.stringify([u, p])}: ${r.error ?? got?.toString('utf8')}`);
    else if (!u.includes(':')) {
      // A username with ":" cannot be written so that the kubelet splits it back (it splits auth at the first colon).
      expect(kubeletReads(got, 'registry.example.com/app:1')).toEqual([{ username: u, password: p }]);
      totals.kubeletChecked++;
    }
    if (want.byRenderer) totals.byRenderer++;
  });
  totals.rendered += rendered.length;
  expect(mismatches).toEqual([]);
  expect(creds.length).toBeGreaterThan(700);
});

const GENERATORS: Array<{
  label: string;
  credentials: ExternalCredentials;
  data: Record<string, Buffer>;
  registry: string;
  username: string;
  password: string;
}> = [
  {
    label: 'ECR (key from proxy_endpoint without its scheme)',
    credentials: ExternalCredentials.elasticContainerRegistry({ spec: { region: 'eu-west-1' } }),
    data: {
      username: b('AWS'),
      password: b('eyJwYXlsb2FkIjoi"ecr\\token'),
      proxy_endpoint: b('https://123456789012.dkr.ecr.eu-west-1.amazonaws.com'),
      expires_at: b('1764460800'),
    },
    registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    username: 'AWS',
    password: 'eyJwYXlsb2FkIjoi"ecr\\token',
  },
  {
    label: 'GCR / Artifact Registry',
    credentials: ExternalCredentials.googleArtifactRegistry({
      registry: 'europe-docker.pkg.dev',
      spec: { projectID: 'acme', auth: {} },
    }),
    data: { username: b('oauth2accesstoken'), password: b('ya29.a0AfH6SMB-token'), expiry: b('1764460800') },
    registry: 'europe-docker.pkg.dev',
    username: 'oauth2accesstoken',
    password: 'ya29.a0AfH6SMB-token',
  },
  {
    label: 'ACR',
    credentials: ExternalCredentials.azureContainerRegistry({ spec: { registry: 'acme.azurecr.io', auth: {} } }),
    data: { username: b('00000000-0000-0000-0000-000000000000'), password: b('eyJhbGciOiJSUzI1NiJ9.acr') },
    registry: 'acme.azurecr.io',
    username: '00000000-0000-0000-0000-000000000000',
    password: 'eyJhbGciOiJSUzI1NiJ9.acr',
  },
  {
    label: 'GitHub App installation token (ghcr.io)',
    credentials: ExternalCredentials.github({ spec: { appID: '1', installID: '2', auth: {} } }),
    data: { token: b('ghs_16C7e42F292c6912E7710c838347Ae178B4a') },
    registry: 'ghcr.io',
    username: 'x-access-token',
    password: 'ghs_16C7e42F292c6912E7710c838347Ae178B4a',
  },
  {
    label: 'GitLab deploy token generator',
    credentials: ExternalCredentials.gitlabDeployToken({
      spec: {
        projectID: 'acme/shop',
        name: 'cluster-pull',
        scopes: ['read_registry'],
        auth: { token: { secretRef: { name: 'gitlab-api-token', key: 'token' } } },
      },
    }),
    data: { username: b('gitlab+deploy-token-42'), token: b('gldt-Gen3rated"Token\\x') },
    registry: 'registry.gitlab.com',
    username: 'gitlab+deploy-token-42',
    password: 'gldt-Gen3rated"Token\\x',
  },
  {
    label: 'Quay robot token (auth split back into username and password)',
    credentials: ExternalCredentials.quay({
      spec: { robotAccount: 'acme+puller', serviceAccountRef: { name: 'quay' } },
    }),
    data: {
      registry: b('quay.io'),
      auth: b(Buffer.from('acme+puller:tok:en"x').toString('base64')),
      expiry: b('1764460800'),
    },
    registry: 'quay.io',
    username: 'acme+puller',
    password: 'tok:en"x',
  },
];

test.each(GENERATORS)("$label: the template over the generator's outputs renders regcred's own payload", (g) => {
  const [r] = runOperators({
    render: [
      { id: g.label, template: { '.dockerconfigjson': g.credentials.dockerConfigJsonTemplate() }, data: g.data },
    ],
  }).rendered;
  expect(r.error).toBeUndefined();
  const got = r.secret!.data!['.dockerconfigjson'];
  expect(got.toString('utf8')).toBe(regcredPayload(g.registry, g.username, g.password).payload);
  expect(kubeletReads(got, `${g.registry}/acme/app:1`)).toEqual([{ username: g.username, password: g.password }]);
  totals.rendered++;
  totals.kubeletChecked++;
});
