// Package app is the reference cdk8s app in Go, as cdk8s apps are written in Go: the charts of
// test/languages/app.ts, synthesized into a directory.
package app

import (
	"os"
	"path/filepath"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
	"github.com/cdk8s-team/cdk8s-plus-go/cdk8splus32/v2"
	"regcred.io/go/regcred"
	"regcred.io/go/regcred/regcredcdk8s"
)

func deployment(chart cdk8s.Chart, id string, image string, namespace *string) {
	props := &cdk8splus32.DeploymentProps{
		Containers: &[]*cdk8splus32.ContainerProps{{Image: jsii.String(image), PortNumber: jsii.Number(8080)}},
	}
	if namespace != nil {
		props.Metadata = &cdk8s.ApiObjectMetadata{Namespace: namespace}
	}
	cdk8splus32.NewDeployment(chart, jsii.String(id), props)
}

// Synth writes the charts into outdir, with token as the deploy token and the PEM file sealCert.
func Synth(outdir string, token string, sealCert string) error {
	certificate, err := os.ReadFile(sealCert)
	if err != nil {
		return err
	}
	app := cdk8s.NewApp(&cdk8s.AppProps{Outdir: jsii.String(outdir)})

	shop := cdk8s.NewChart(app, jsii.String("shop"), nil)
	regcredcdk8s.NewGitlabRegistrySecret(shop, jsii.String("GitlabPull"), &regcredcdk8s.GitlabRegistrySecretProps{
		Username: jsii.String("gitlab+deploy-token-7"), Token: jsii.String(token), Name: jsii.String("gitlab-pull"),
	})
	for _, namespace := range []string{"shop", "batch"} {
		deployment(shop, "web-"+namespace, "registry.gitlab.com/acme/web:1.0", jsii.String(namespace))
	}
	vendor, err := filepath.Abs(filepath.Join("..", "vendor.yaml"))
	if err != nil {
		return err
	}
	cdk8s.NewInclude(shop, jsii.String("Vendor"), &cdk8s.IncludeProps{Url: jsii.String(vendor)})

	sealed := cdk8s.NewChart(app, jsii.String("sealed"), &cdk8s.ChartProps{Namespace: jsii.String("shop")})
	regcredcdk8s.NewGitlabRegistrySecret(sealed, jsii.String("GitlabPull"), &regcredcdk8s.GitlabRegistrySecretProps{
		Username: jsii.String("gitlab+deploy-token-7"), Token: jsii.String(token), Name: jsii.String("gitlab-pull"),
		Seal: &regcred.SealOptions{Certificate: jsii.String(string(certificate))},
	})
	deployment(sealed, "api", "registry.gitlab.com/acme/api:3.2", nil)

	external := cdk8s.NewChart(app, jsii.String("external"), &cdk8s.ChartProps{Namespace: jsii.String("batch")})
	regcredcdk8s.NewExternalRegistrySecret(external, jsii.String("GitlabPull"), &regcredcdk8s.ExternalRegistrySecretProps{
		Name: jsii.String("gitlab-pull"),
		Credentials: regcred.ExternalCredentials_FromStore(&regcred.StoreCredentialsProps{
			Registry:         jsii.String("registry.gitlab.com"),
			Store:            &regcred.SecretStoreRef{Name: jsii.String("vault"), Kind: regcred.SecretStoreKind_CLUSTER_SECRET_STORE},
			Key:              jsii.String("gitlab/deploy-token"),
			Username:         jsii.String("gitlab+deploy-token-7"),
			PasswordProperty: jsii.String("token"),
		}),
	})
	deployment(external, "worker", "registry.gitlab.com/acme/worker:1.4", nil)

	app.Synth()
	return nil
}
