package app

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docExample returns the one block of docs/languages.md whose info string says example=name, as
// test/docs/blocks.ts finds it.
func docExample(t *testing.T, name string) string {
	t.Helper()
	guide, err := os.ReadFile("../../../docs/languages.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?ms)^```\\w+ example=" + regexp.QuoteMeta(name) + "\\n(.*?)^```$").FindAllSubmatch(guide, -1)
	if len(m) != 1 {
		t.Fatalf("example=%s: %d blocks carry it, where one must", name, len(m))
	}
	return string(m[0][1])
}

// The guide's main.go, built inside this module (whose go.mod has what the guide's go.mod would)
// and run in a directory of its own.
func TestTheGuidesAppSynthesizesTheWiredDeployment(t *testing.T) {
	pkg, err := os.MkdirTemp(".", "docexample-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(pkg)
	if err := os.WriteFile(filepath.Join(pkg, "main.go"), []byte(docExample(t, "go-app")), 0o644); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	binary := filepath.Join(work, "app")
	if out, err := exec.Command("go", "build", "-o", binary, "./"+pkg).CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	run := exec.Command(binary)
	run.Dir = work
	run.Env = append(os.Environ(), "GITLAB_DEPLOY_TOKEN=gldt-GoDocExample00001")
	if out, err := run.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	yaml, err := os.ReadFile(filepath.Join(work, "dist", "shop.k8s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(yaml), "type: kubernetes.io/dockerconfigjson") ||
		!regexp.MustCompile(`imagePullSecrets:\n\s+- name: shop-gitlabpull-\w+`).Match(yaml) {
		t.Fatalf("the Deployment is not wired:\n%s", yaml)
	}

	refused := exec.Command(binary)
	refused.Dir = work
	refused.Env = append(os.Environ(), "GITLAB_DEPLOY_TOKEN=")
	out, err := refused.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "[shop/GitlabPull] 'token' is empty") {
		t.Fatalf("want a refusal naming the token, got %v:\n%s", err, out)
	}
}
