// Package config reads vigil.yaml, Vigil's one configuration file: one
// schema, versioned (version: 1), with a section per concern
// (exceptions, owners, criticality, due_dates, links, store, rules,
// reports, inventory, serve). It turns the file into validated Go values
// with the defaults filled in, and answers the questions the rest of
// Vigil asks of it (OwnerFor, OwnerOf, CriticalityFor, DueFor, Params,
// RuleParams, Path).
//
// The file is read as a yaml.v3 node tree, not decoded into structs, so
// that every mistake — an unknown key (with the known ones and the
// nearest), a wrong type, a duplicate key, a bad duration or glob — is
// reported with file:line:column and what to write instead, all of them
// at once (up to maxErrors).
//
// Invariants: Parse never panics and never reads anything but its
// input; secrets are only references (SecretRef: an environment
// variable or a file) read when used, never held in a Config or shown;
// a Config is not changed after Parse returns it. A section is added by
// a field on Config and an entry in sections().
package config
