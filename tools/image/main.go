// Command image writes Vigil's OCI image into a local OCI image layout
// and checks one: no Docker, no registry, no base image. The image is
// one layer holding the static vigil binary, CA certificates and the
// files a non-root user needs (passwd, group, a home and the store's
// directory); no shell. scripts/image.sh runs both steps.
//
//	image build --binary bin/vigil --layout DIR --tag VERSION
//	image check --layout DIR [--run]
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "image: %v\n", err)
		os.Exit(2)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: image build|check [flags]")
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	layoutDir := fs.String("layout", "", "the OCI image layout directory")
	switch args[0] {
	case "build":
		var o buildOptions
		fs.StringVar(&o.binary, "binary", "", "the static vigil binary (CGO_ENABLED=0)")
		fs.StringVar(&o.caCerts, "ca-certs", "/etc/ssl/certs/ca-certificates.crt", "the CA bundle to ship (Debian's ca-certificates)")
		fs.StringVar(&o.tag, "tag", "dev", "the image's tag in the layout (org.opencontainers.image.ref.name)")
		fs.StringVar(&o.version, "version", "dev", "Vigil's version, for the image's labels")
		fs.StringVar(&o.arch, "arch", "amd64", "the binary's architecture")
		fs.Int64Var(&o.epoch, "source-date-epoch", 0, "timestamp (Unix seconds) of every file and the image, for reproducible builds")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if o.binary == "" || *layoutDir == "" {
			return fmt.Errorf("build: give --binary and --layout")
		}
		o.layout = *layoutDir
		digest, err := build(o)
		if err != nil {
			return err
		}
		fmt.Println(digest)
		return nil
	case "check":
		runIt := fs.Bool("run", false, "also run the image's entrypoint with `version` from an extracted copy")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *layoutDir == "" {
			return fmt.Errorf("check: give --layout")
		}
		rep, err := check(*layoutDir, *runIt)
		if err != nil {
			return err
		}
		fmt.Print(rep)
		return nil
	}
	return fmt.Errorf("unknown command %q: use build or check", args[0])
}
