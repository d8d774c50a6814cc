"""The Python cdk8s app against the TypeScript one, and regcred's API from Python.

Run by scripts/test-languages.sh (npm run test:languages), which builds the wheel, installs it
with cdk8s and cdk8s-plus-32 from PyPI, and synthesizes the TypeScript app first:
    REGCRED_TS_OUT  the TypeScript app's synth output
    REGCRED_CLI     the command that runs the regcred CLI
    GITLAB_TOKEN, SEAL_CERT  the inputs both apps read
"""
import os
import pathlib
import shlex
import subprocess
import sys

import pytest
import yaml
from cdk8s import App, Chart

import regcred
from regcred.cdk8s import GitlabRegistrySecret

from doc_examples import ROOT, doc_example

HERE = pathlib.Path(__file__).parent
TS_OUT = pathlib.Path(os.environ["REGCRED_TS_OUT"])
CLI = shlex.split(os.environ["REGCRED_CLI"])


@pytest.fixture(scope="session")
def synth(tmp_path_factory):
    out = tmp_path_factory.mktemp("python-synth")
    subprocess.run([sys.executable, str(HERE / "app.py"), str(out)], check=True)
    return out


def documents(path):
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


def test_synth_writes_the_bytes_the_typescript_app_writes(synth):
    names = sorted(p.name for p in TS_OUT.glob("*.k8s.yaml"))
    assert names == ["external.k8s.yaml", "sealed.k8s.yaml", "shop.k8s.yaml"]
    assert sorted(p.name for p in synth.glob("*.k8s.yaml")) == names
    for name in names:
        assert (synth / name).read_bytes() == (TS_OUT / name).read_bytes(), name


def test_regcred_check_finds_nothing_wrong(synth):
    files = sorted(str(p) for p in synth.glob("*.k8s.yaml"))
    result = subprocess.run([*CLI, "check", *files], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings" in result.stdout


def test_every_workload_lists_the_secret_of_its_namespace(synth):
    objects = [o for p in sorted(synth.glob("*.k8s.yaml")) for o in documents(p)]
    secrets = {(o["kind"], o["metadata"].get("namespace")) for o in objects if o["metadata"]["name"] == "gitlab-pull"}
    assert {("Secret", "shop"), ("Secret", "batch"), ("SealedSecret", "shop"), ("ExternalSecret", "batch")} <= secrets
    workloads = [o for o in objects if o["kind"] == "Deployment"]
    assert sorted(o["metadata"]["name"].split("-")[0] for o in workloads if o["metadata"]["name"] == "vendor-agent") == [
        "vendor"
    ]
    for o in workloads:
        assert o["spec"]["template"]["spec"]["imagePullSecrets"] == [{"name": "gitlab-pull"}], o["metadata"]["name"]


JOB_TOKEN = "glcbt-64_SecretJobToken000001"


@pytest.mark.parametrize(
    "props, field, rule",
    [
        ({"token": ""}, "'token'", "is empty"),
        ({"token": JOB_TOKEN}, "'token'", "a GitLab CI/CD job token"),
        ({"token": "gldt-Fine00000001", "registry": "registry.gitlab.com/v2"}, "'registry'", 'ends in "/v2"'),
    ],
)
def test_bad_credentials_raise_with_regcreds_message_and_no_token(props, field, rule):
    chart = Chart(App(), "apps")
    with pytest.raises(RuntimeError) as raised:
        GitlabRegistrySecret(chart, "Bad", **{"username": "gitlab+deploy-token-7", **props})
    message = str(raised.value)
    assert "[apps/Bad]" in message and field in message and rule in message
    assert JOB_TOKEN not in message


def test_the_core_api_is_reachable_from_python():
    credentials = regcred.RegistryCredentials.gitlab(username="gitlab+deploy-token-7", token="gldt-Python0000001")
    secret = regcred.Manifests.pull_secret(name="gitlab-pull", credentials=[credentials])
    assert secret["type"] == "kubernetes.io/dockerconfigjson"
    resolution = regcred.Kubelet.resolve_pull_credentials([secret], "registry.gitlab.com/acme/web:1.0")
    assert resolution.found and [c.username for c in resolution.creds] == ["gitlab+deploy-token-7"]
    assert regcred.Kubelet.parse_image_reference("nginx").name == "docker.io/library/nginx"
    assert [d.code for d in regcred.Manifests.check([secret])] == []


def test_the_readme_example_runs_as_printed(tmp_path):
    program = doc_example("python-app")
    (tmp_path / "main.py").write_text(program, encoding="utf-8")
    env = {**os.environ, "GITLAB_DEPLOY_TOKEN": "gldt-ReadmeExample000001"}
    subprocess.run([sys.executable, "main.py"], cwd=tmp_path, env=env, check=True)
    objects = documents(tmp_path / "dist" / "shop.k8s.yaml")
    secret = next(o for o in objects if o["kind"] == "Secret")
    deployment = next(o for o in objects if o["kind"] == "Deployment")
    assert deployment["spec"]["template"]["spec"]["imagePullSecrets"] == [{"name": secret["metadata"]["name"]}]

    without = {k: v for k, v in env.items() if k != "GITLAB_DEPLOY_TOKEN"}
    refused = subprocess.run([sys.executable, "main.py"], cwd=tmp_path, env=without, capture_output=True, text=True)
    assert refused.returncode != 0 and "'token' is empty" in refused.stderr


def test_the_install_steps_of_the_languages_guide_run_as_printed(tmp_path):
    """A clone named regcred, then the guide's install and run steps, as printed, beside it: the
    package built without Java, the wheel and cdk8s from PyPI in a fresh venv, the README's app."""
    clone = tmp_path / "regcred"
    tracked = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, check=True, capture_output=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            target = clone / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
            target.chmod(source.stat().st_mode)
    env = {k: v for k, v in os.environ.items() if k != "GITLAB_DEPLOY_TOKEN"}
    subprocess.run(["bash", "-euo", "pipefail", "-c", doc_example("python-install")], cwd=tmp_path, env=env, check=True)
    app = tmp_path / "shop-py"
    (app / "main.py").write_text(doc_example("python-app"), encoding="utf-8")
    subprocess.run(["bash", "-euo", "pipefail", "-c", doc_example("python-run")], cwd=app, env=env, check=True)
    objects = documents(app / "dist" / "shop.k8s.yaml")
    assert sorted(o["kind"] for o in objects) == ["Deployment", "Secret"]
