// Command step-ca runs smallstep's ACME-capable CA from the library code that Debian's
// golang-github-smallstep-certificates-dev (0.19.0) ships; the package no longer includes the
// upstream cmd/step-ca program, so this is the smallest main that serves its "start" command,
// plus "eab-add" for the tests' external account binding keys.
//
//	step-ca [--resolver host:port] [--password-file file] ca.json
//	step-ca eab-add --provisioner NAME [--reference REF] ca.json
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"

	"github.com/pkg/errors"
	acmeNoSQL "github.com/smallstep/certificates/acme/db/nosql"
	"github.com/smallstep/certificates/authority/config"
	"github.com/smallstep/certificates/authority/provisioner"
	"github.com/smallstep/certificates/commands"
	"github.com/smallstep/certificates/db"
	"github.com/smallstep/nosql"
	"github.com/urfave/cli"

	// The software CAS signs with the intermediate key from ca.json; upstream's main registers it too.
	_ "github.com/smallstep/certificates/cas/softcas"
)

// eabAddCommand creates an external account binding key in the CA's database. In 0.19.0 the admin
// API's EAB endpoints answer "only available in Certificate Manager", so the key is written with the
// library's own acme/db/nosql CreateExternalAccountKey, the call those endpoints make upstream. It
// must run while the CA is stopped: the Badger database allows one process at a time.
var eabAddCommand = cli.Command{
	Name:      "eab-add",
	Usage:     "create an ACME external account binding key; prints {\"kid\",\"hmacKey\"} as JSON",
	UsageText: "step-ca eab-add --provisioner NAME [--reference REF] ca.json",
	Flags: []cli.Flag{
		cli.StringFlag{Name: "provisioner", Usage: "name of the ACME provisioner that requires EAB"},
		cli.StringFlag{Name: "reference", Usage: "optional reference stored with the key"},
	},
	Action: eabAdd,
}

func eabAdd(ctx *cli.Context) error {
	if ctx.NArg() != 1 {
		return errors.New("eab-add needs exactly one argument: the path of ca.json")
	}
	name := ctx.String("provisioner")
	if name == "" {
		return errors.New("eab-add needs --provisioner")
	}
	cfg, err := config.LoadConfiguration(ctx.Args().Get(0))
	if err != nil {
		return err
	}
	var acmeProv *provisioner.ACME
	for _, p := range cfg.AuthorityConfig.Provisioners {
		if a, ok := p.(*provisioner.ACME); ok && a.Name == name {
			acmeProv = a
		}
	}
	if acmeProv == nil {
		return errors.Errorf("ca.json has no ACME provisioner named %q", name)
	}
	authDB, err := db.New(cfg.DB)
	if err != nil {
		return err
	}
	defer authDB.Shutdown()
	acmeDB, err := acmeNoSQL.New(authDB.(nosql.DB))
	if err != nil {
		return err
	}
	// The ACME handler looks keys up by the provisioner's ID field (empty for provisioners from
	// ca.json), so the key is stored under the same value.
	key, err := acmeDB.CreateExternalAccountKey(context.Background(), acmeProv.ID, ctx.String("reference"))
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(map[string]string{
		"kid":     key.ID,
		"hmacKey": base64.RawURLEncoding.EncodeToString(key.KeyBytes),
	})
}

func main() {
	app := cli.NewApp()
	app.Name = "step-ca"
	app.Usage = "ACME certificate authority (Certwright's build of smallstep certificates 0.19.0)"
	app.UsageText = commands.AppCommand.UsageText
	app.Flags = commands.AppCommand.Flags
	app.Action = commands.AppCommand.Action
	app.Commands = []cli.Command{eabAddCommand}
	app.HideVersion = true
	if err := app.Run(os.Args); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
