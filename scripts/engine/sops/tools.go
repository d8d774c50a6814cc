package main

import _ "github.com/getsops/sops/v3/cmd/sops"
