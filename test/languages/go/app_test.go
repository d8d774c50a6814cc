package app

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
	"regcred.io/go/regcred/regcredcdk8s"
)

var files = []string{"external.k8s.yaml", "sealed.k8s.yaml", "shop.k8s.yaml"}

func synth(t *testing.T) string {
	t.Helper()
	out := t.TempDir()
	if err := Synth(out, os.Getenv("GITLAB_TOKEN"), os.Getenv("SEAL_CERT")); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSynthWritesTheBytesTheTypescriptAppWrites(t *testing.T) {
	out := synth(t)
	for _, name := range files {
		want, err := os.ReadFile(filepath.Join(os.Getenv("REGCRED_TS_OUT"), name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the TypeScript app's", name)
		}
	}
}

func TestRegcredCheckFindsNothingWrong(t *testing.T) {
	out := synth(t)
	args := strings.Fields(os.Getenv("REGCRED_CLI"))
	args = append(args, "check")
	for _, name := range files {
		args = append(args, filepath.Join(out, name))
	}
	output, err := exec.Command(args[0], args[1:]...).CombinedOutput()
	if err != nil || !strings.Contains(string(output), "0 errors, 0 warnings") {
		t.Fatalf("regcred check: %v\n%s", err, output)
	}
}

func TestBadCredentialsPanicWithRegcredsMessageAndNoToken(t *testing.T) {
	const jobToken = "glcbt-64_SecretJobToken000001"
	cases := []struct{ token, registry, field, rule string }{
		{"", "registry.gitlab.com", "'token'", "is empty"},
		{jobToken, "registry.gitlab.com", "'token'", "a GitLab CI/CD job token"},
		{"gldt-Fine00000001", "registry.gitlab.com/v2", "'registry'", `ends in "/v2"`},
	}
	for _, c := range cases {
		message := func() (message string) {
			defer func() {
				if r := recover(); r != nil {
					message = fmt.Sprint(r)
				}
			}()
			chart := cdk8s.NewChart(cdk8s.NewApp(nil), jsii.String("apps"), nil)
			regcredcdk8s.NewGitlabRegistrySecret(chart, jsii.String("Bad"), &regcredcdk8s.GitlabRegistrySecretProps{
				Username: jsii.String("gitlab+deploy-token-7"), Token: jsii.String(c.token), Registry: jsii.String(c.registry),
			})
			return ""
		}()
		if !strings.Contains(message, "[apps/Bad]") || !strings.Contains(message, c.field) || !strings.Contains(message, c.rule) {
			t.Errorf("token %q registry %q: got %q", c.token, c.registry, message)
		}
		if strings.Contains(message, jobToken) {
			t.Errorf("the message shows the token: %q", message)
		}
	}
}
