"""The app of synth.ts in Python: N cdk8s-plus Deployments across 20 namespaces with a
GitlabRegistrySecret, synthesized to files; prints the time from the first construct to the end
of synth in ms (the jsii runtime's start, on import, is left out).

    python bench/languages/synth.py N OUTDIR
"""
import json
import sys
import time

import cdk8s_plus_32 as kplus
from cdk8s import ApiObjectMetadata, App, Chart

from regcred.cdk8s import GitlabRegistrySecret

n, outdir = int(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
app = App(outdir=outdir)
chart = Chart(app, "bench")
GitlabRegistrySecret(chart, "Pull", username="gitlab+deploy-token-1", token="gldt-benchToken000000", name="pull")
for i in range(n):
    kplus.Deployment(
        chart,
        f"w{i}",
        metadata=ApiObjectMetadata(namespace=f"team-{i % 20}"),
        containers=[kplus.ContainerProps(image=f"registry.gitlab.com/acme/service-{i % 50}:1.{i % 7}", port_number=8080)],
    )
app.synth()
print(json.dumps({"ms": (time.perf_counter() - start) * 1000}))
