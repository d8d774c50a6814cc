// Command operators runs the operators' own code over what regcred emits, for
// regcred's tests: the Sealed Secrets controller's Unseal, the External
// Secrets Operator's template engine (v2), and the YAML reader kubectl uses
// (sigs.k8s.io/yaml, YAML 1.1). It reads one JSON request on stdin and prints
// one JSON answer; it judges nothing.
package main

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"

	ssv1alpha1 "github.com/bitnami-labs/sealed-secrets/pkg/apis/sealedsecrets/v1alpha1"
	esv1 "github.com/external-secrets/external-secrets/apis/externalsecrets/v1"
	templatev2 "github.com/external-secrets/external-secrets/pkg/template/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"sigs.k8s.io/yaml"
)

type unsealRequest struct {
	ID           string                  `json:"id"`
	SealedSecret ssv1alpha1.SealedSecret `json:"sealedSecret"`
	PrivateKey   string                  `json:"privateKey"`
}

type renderRequest struct {
	ID       string            `json:"id"`
	Template map[string]string `json:"template"`
	// Data are the values the operator fetched (from a store or a generator), as bytes (base64 in JSON).
	Data map[string][]byte `json:"data"`
}

// yamlRequest is a YAML document for kubectl's reader, which turns it into JSON.
type yamlRequest struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

type yamlResult struct {
	ID    string          `json:"id"`
	JSON  json.RawMessage `json:"json,omitempty"`
	Error string          `json:"error,omitempty"`
}

type request struct {
	Unseal []unsealRequest `json:"unseal"`
	Render []renderRequest `json:"render"`
	YAML   []yamlRequest   `json:"yaml"`
}

type result struct {
	ID     string         `json:"id"`
	Secret *corev1.Secret `json:"secret,omitempty"`
	Error  string         `json:"error,omitempty"`
}

type answer struct {
	Unsealed []result     `json:"unsealed"`
	Rendered []result     `json:"rendered"`
	YAML     []yamlResult `json:"yaml"`
}

func readYAML(r yamlRequest) yamlResult {
	j, err := yaml.YAMLToJSON([]byte(r.Text))
	if err != nil {
		return yamlResult{ID: r.ID, Error: err.Error()}
	}
	return yamlResult{ID: r.ID, JSON: j}
}

func privateKey(pemText string) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode([]byte(pemText))
	if block == nil {
		return nil, fmt.Errorf("no PEM block in the private key")
	}
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("not an RSA private key")
	}
	return rk, nil
}

func unseal(r unsealRequest, codecs serializer.CodecFactory) result {
	key, err := privateKey(r.PrivateKey)
	if err != nil {
		return result{ID: r.ID, Error: err.Error()}
	}
	secret, err := r.SealedSecret.Unseal(codecs, map[string]*rsa.PrivateKey{"regcred-test": key})
	if err != nil {
		return result{ID: r.ID, Error: err.Error()}
	}
	return result{ID: r.ID, Secret: secret}
}

func render(r renderRequest) result {
	tpl := make(map[string][]byte, len(r.Template))
	for k, v := range r.Template {
		tpl[k] = []byte(v)
	}
	secret := &corev1.Secret{}
	if err := templatev2.Execute(tpl, r.Data, esv1.TemplateScopeValues, esv1.TemplateTargetData, secret); err != nil {
		return result{ID: r.ID, Error: err.Error()}
	}
	return result{ID: r.ID, Secret: secret}
}

func main() {
	var req request
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		fmt.Fprintf(os.Stderr, "operators: cannot read the request: %v\n", err)
		os.Exit(2)
	}
	codecs := serializer.NewCodecFactory(runtime.NewScheme())
	out := answer{Unsealed: []result{}, Rendered: []result{}, YAML: []yamlResult{}}
	for _, r := range req.Unseal {
		out.Unsealed = append(out.Unsealed, unseal(r, codecs))
	}
	for _, r := range req.Render {
		out.Rendered = append(out.Rendered, render(r))
	}
	for _, r := range req.YAML {
		out.YAML = append(out.YAML, readYAML(r))
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintf(os.Stderr, "operators: %v\n", err)
		os.Exit(2)
	}
}
