"""The reference cdk8s app in Python, as cdk8s apps are written in Python: the charts of
test/languages/app.ts, synthesized into the directory given as the first argument.

    python app.py OUTDIR   (GITLAB_TOKEN, SEAL_CERT: a token and a PEM file)
"""
import os
import sys

import cdk8s_plus_32 as kplus
from cdk8s import ApiObjectMetadata, App, Chart, Include

from regcred import ExternalCredentials, SealOptions, SecretStoreKind, SecretStoreRef
from regcred.cdk8s import ExternalRegistrySecret, GitlabRegistrySecret

HERE = os.path.dirname(os.path.abspath(__file__))
token = os.environ.get("GITLAB_TOKEN", "")
app = App(outdir=sys.argv[1])

shop = Chart(app, "shop")
GitlabRegistrySecret(shop, "GitlabPull", username="gitlab+deploy-token-7", token=token, name="gitlab-pull")
for namespace in ["shop", "batch"]:
    kplus.Deployment(
        shop,
        f"web-{namespace}",
        metadata=ApiObjectMetadata(namespace=namespace),
        containers=[kplus.ContainerProps(image="registry.gitlab.com/acme/web:1.0", port_number=8080)],
    )
Include(shop, "Vendor", url=os.path.join(HERE, "..", "vendor.yaml"))

sealed = Chart(app, "sealed", namespace="shop")
with open(os.environ.get("SEAL_CERT", ""), encoding="utf-8") as cert:
    GitlabRegistrySecret(
        sealed,
        "GitlabPull",
        username="gitlab+deploy-token-7",
        token=token,
        name="gitlab-pull",
        seal=SealOptions(certificate=cert.read()),
    )
kplus.Deployment(
    sealed, "api", containers=[kplus.ContainerProps(image="registry.gitlab.com/acme/api:3.2", port_number=8080)]
)

external = Chart(app, "external", namespace="batch")
ExternalRegistrySecret(
    external,
    "GitlabPull",
    name="gitlab-pull",
    credentials=ExternalCredentials.from_store(
        registry="registry.gitlab.com",
        store=SecretStoreRef(name="vault", kind=SecretStoreKind.CLUSTER_SECRET_STORE),
        key="gitlab/deploy-token",
        username="gitlab+deploy-token-7",
        password_property="token",
    ),
)
kplus.Deployment(
    external,
    "worker",
    containers=[kplus.ContainerProps(image="registry.gitlab.com/acme/worker:1.4", port_number=8080)],
)

app.synth()
