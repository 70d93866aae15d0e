// Package awstest serves recorded AWS API responses to the real
// aws-sdk-go-v2 clients over loopback HTTP, so collectors are tested
// against the SDK's own serializers, signers, paginators and retryers.
//
// A scenario is a directory: scenario.yaml names the accounts (with
// their enabled and disabled regions, the organization and the roles
// that may be assumed) and the faults to inject (throttling, access
// denied); every other *.yaml file lists responses, each keyed by
// "<service>:<Operation>" and optionally narrowed by account, region and
// request parameters (for pagination). Bodies are written as in the AWS
// API reference: XML for the query and REST-XML protocols, JSON for the
// JSON and REST-JSON protocols — either verbatim or as YAML that the
// server renders in the protocol's conventions.
//
// The server answers STS (GetCallerIdentity, AssumeRole), EC2
// DescribeRegions and Organizations ListAccounts from the scenario
// itself, so each fixture file only holds what its service owns. Bench
// code registers generated handlers with Handle.
//
// The requesting account is read from the access key (static keys map
// through scenario.yaml; keys minted by AssumeRole carry the account),
// the region and service from the SigV4 credential scope.
package awstest
