/**
 * `regcred check`'s reading of External Secrets templates, proven by the operator's own engine
 * (pkg/template/v2): for hostile values, a template check calls invalid renders a payload the
 * kubelet cannot read (or fails to render), and one check accepts renders valid JSON.
 */
import { templatePayload } from '../../src/core/check/secret-providers';
import { runOperators } from './operators';

const DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson';
const b = (s: string): Buffer => Buffer.from(s, 'utf8');
/** Values with a quote, a backslash, a newline and "}}": what breaks unescaped JSON and naive readers. */
const HOSTILE = {
  username: b('ro"b}}ot\\'),
  password: b('pa"ss\\\nword}}'),
  host: b('registry.gitlab.com'),
  mysecret: b(JSON.stringify({ auths: { 'registry.gitlab.com': { auth: 'dTpw' } } })),
};

const TEMPLATES: Record<string, string> = {
  'printf with "|toJson" inside a string literal':
    '{"auths":{"registry.gitlab.com":{"username":{{ .username | toJson }},"password":{{ printf "\\"%s\\"%.0s" .password "|toJson " }}}}}',
  'a literal username with "}}" in a string':
    '{{ dict "auths" (dict "registry.gitlab.com" (dict "username" "ro}}bot" "password" .password)) | toJson }}',
  'a literal username in a raw string':
    '{"auths":{"registry.gitlab.com":{"username":{{ `ro}}bot` | toJson }},"password":{{ .password | toJson }}}}}',
  'the whole payload from the store': '{{ .mysecret | toString }}',
  'a registry key written by an action':
    '{"auths":{ {{- .host | toJson -}}: {"username":{{ .username | toJson }},"password":{{ .password | toJson }}}}}',
  'a comment holding "}}" and a declaration':
    '{{/* "}}" */}}{{ $u := .username }}{"auths":{"ghcr.io":{"username":{{ $u | toJson }},"password":{{ .password | toJson }}}}}',
  'values pasted into JSON strings':
    '{"auths":{"registry.gitlab.com":{"username":"{{ .username }}","password":"{{ .password }}"}}}',
  "regcred's own template":
    '{{ dict "auths" (dict "registry.gitlab.com" (dict "username" .username "password" .password "auth" (printf "%s:%s" .username .password | b64enc))) | toJson }}',
};

const rendered = runOperators({
  render: Object.entries(TEMPLATES).map(([id, t]) => ({ id, template: { '.dockerconfigjson': t }, data: HOSTILE })),
}).rendered;

test.each(Object.keys(TEMPLATES))('%s: check says invalid exactly when the operator renders no valid JSON', (id) => {
  const r = rendered.find((x) => x.id === id)!;
  const payload = r.secret?.data?.['.dockerconfigjson']?.toString('utf8');
  let valid = false;
  try {
    JSON.parse(payload ?? '');
    valid = r.error === undefined;
  } catch {
    valid = false;
  }
  const verdict = templatePayload(TEMPLATES[id], DOCKER_CONFIG_JSON);
  expect([id, verdict.problem === undefined]).toEqual([id, valid]);
});

test('the registry keys check reads are the keys the operator writes, or unknown', () => {
  for (const [id, t] of Object.entries(TEMPLATES)) {
    const { registries, problem } = templatePayload(t, DOCKER_CONFIG_JSON);
    if (problem !== undefined || registries === undefined) continue;
    const payload = rendered.find((x) => x.id === id)!.secret!.data!['.dockerconfigjson'].toString('utf8');
    expect([id, registries]).toEqual([id, Object.keys((JSON.parse(payload) as { auths: object }).auths)]);
  }
});
