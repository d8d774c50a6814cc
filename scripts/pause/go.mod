module regcred.test/pause

go 1.24
