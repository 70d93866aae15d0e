// Command awsreplay serves a replay scenario (examples/aws/<name>) on a
// loopback port so `vigil scan aws` can be tried without an AWS account:
//
//	eval "$(go run ./internal/awstest/cmd/awsreplay examples/aws/misconfigured &)"
//	go run ./cmd/vigil scan aws
//
// or, with -generate N, a generated account of about N resources for
// benchmarks (with -accounts M, an organization of M such accounts, to
// scan with --org --role-name VigilAudit). It prints the environment
// variables that point the AWS SDK at it, then serves until interrupted.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"syscall"

	"github.com/vigil-cspm/vigil/internal/awstest"
)

func main() {
	generate := flag.Int("generate", 0, "serve a generated account of about N resources instead of a scenario (benchmarks)")
	accounts := flag.Int("accounts", 1, "with -generate, an organization of this many generated accounts (scan with --org --role-name "+awstest.MemberRole+")")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: awsreplay DIR | awsreplay -generate N [-accounts M]\n  DIR is a scenario directory such as examples/aws/misconfigured")
	}
	flag.Parse()
	var srv *awstest.Server
	dir := "generated estate"
	switch {
	case *generate > 0 && flag.NArg() == 0:
		e := awstest.Estate{Account: "999999999999", Regions: []string{"us-east-1", "eu-west-1"}, Resources: *generate, Accounts: *accounts}
		if *accounts > 1 {
			e.Account = "100000000000"
		}
		srv = awstest.Start(e.Scenario())
		e.Register(srv)
	case *generate == 0 && flag.NArg() == 1:
		dir = filepath.Clean(flag.Arg(0))
		sc, err := awstest.Load(os.DirFS(filepath.Dir(dir)), filepath.Base(dir))
		if err != nil {
			fmt.Fprintln(os.Stderr, "awsreplay:", err)
			os.Exit(2)
		}
		srv = awstest.Start(sc)
	default:
		flag.Usage()
		os.Exit(2)
	}
	defer srv.Close()
	vars := srv.Vars()
	keys := make([]string, 0, len(vars))
	for k := range vars {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if vars[k] == "" {
			fmt.Printf("unset %s\n", k)
			continue
		}
		fmt.Printf("export %s=%s\n", k, vars[k])
	}
	fmt.Fprintf(os.Stderr, "awsreplay: serving %s on %s (Ctrl-C to stop)\n", dir, srv.URL)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	if m := srv.Misses(); len(m) > 0 {
		fmt.Fprintf(os.Stderr, "awsreplay: %d request(s) had no recorded response, first: %s\n", len(m), m[0])
	}
}
