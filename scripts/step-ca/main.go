// Command step-ca runs smallstep's ACME-capable CA from the library code that Debian's
// golang-github-smallstep-certificates-dev (0.19.0) ships; the package no longer includes the
// upstream cmd/step-ca program, so this is the smallest main that serves its "start" command,
// plus "eab-add" for the tests' external account binding keys.
//
//	step-ca [--resolver host:port] [--password-file file] ca.json
//	step-ca eab-add --provisioner NAME [--count N] ca.json
package main

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"time"

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

// eabAddCommand creates external account binding keys in the CA's database. 0.19.0 offers no working
// way: the admin API's EAB endpoints answer "only available in Certificate Manager", and the library's
// acme/db/nosql CreateExternalAccountKey fails for provisioners from ca.json, whose ID is empty, because
// it also indexes the key under that ID and the databases refuse an empty key. The ACME handler only
// reads the key record itself (GetExternalAccountKey and, when binding, UpdateExternalAccountKey), so
// this writes that record, in the library's own format, to the library's own table. It must run while
// the CA is stopped: the database allows one process at a time.
var eabAddCommand = cli.Command{
	Name:      "eab-add",
	Usage:     "create ACME external account binding keys; prints one {\"kid\",\"hmacKey\"} JSON line each",
	UsageText: "step-ca eab-add --provisioner NAME [--count N] ca.json",
	Flags: []cli.Flag{
		cli.StringFlag{Name: "provisioner", Usage: "name of the ACME provisioner that requires EAB"},
		cli.IntFlag{Name: "count", Value: 1, Usage: "how many keys to create"},
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
	raw := authDB.(nosql.DB)
	// Creates the ACME tables, as the CA does on start.
	if _, err := acmeNoSQL.New(raw); err != nil {
		return err
	}
	out := json.NewEncoder(os.Stdout)
	for i := 0; i < ctx.Int("count"); i++ {
		id, err := randomString(24)
		if err != nil {
			return err
		}
		hmacKey := make([]byte, 32)
		if _, err := rand.Read(hmacKey); err != nil {
			return err
		}
		record, err := json.Marshal(dbExternalAccountKey{
			ID:            id,
			ProvisionerID: acmeProv.ID,
			KeyBytes:      hmacKey,
			CreatedAt:     time.Now().UTC(),
		})
		if err != nil {
			return err
		}
		if err := raw.Set(externalAccountKeyTable, []byte(id), record); err != nil {
			return errors.Wrap(err, "error saving external account key")
		}
		if err := out.Encode(map[string]string{
			"kid":     id,
			"hmacKey": base64.RawURLEncoding.EncodeToString(hmacKey),
		}); err != nil {
			return err
		}
	}
	return nil
}

// dbExternalAccountKey is acme/db/nosql's (unexported) record of an EAB key, field for field and in
// the same order: binding the key compares the stored bytes with the record marshalled again.
type dbExternalAccountKey struct {
	ID            string    `json:"id"`
	ProvisionerID string    `json:"provisionerID"`
	Reference     string    `json:"reference"`
	AccountID     string    `json:"accountID,omitempty"`
	KeyBytes      []byte    `json:"key"`
	CreatedAt     time.Time `json:"createdAt"`
	BoundAt       time.Time `json:"boundAt"`
}

// externalAccountKeyTable is acme/db/nosql's (unexported) table of EAB keys.
var externalAccountKeyTable = []byte("acme_external_account_keys")

func randomString(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
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
