# Helpers for AWS rules. Library modules carry no METADATA header and no
# deny rule. Policy logic (Allow/Deny, NotAction, wildcards, conditions
# that narrow a public principal) is computed once in Go
# (internal/awsmodel/policy.go) into each document's "analysis"; rules
# read that instead of re-implementing IAM evaluation.
package vigil.lib.aws

import rego.v1

# known(attr) holds when the collector read attr: a resource lists what it
# could not read (access denied) in attributes.unread, and a rule must not
# take an unread attribute's absence for a misconfiguration. Name the
# attribute as a string literal: the engine reads literal names as the
# rule's guards, which make an unjudged check inconclusive in the report
# (TestGuardsDeclared).
known(attr) if not attr in object.get(input.attributes, "unread", [])

# declared holds for a resource read from a configuration before
# deployment (IaC): it has no account yet. Account-wide state the
# configuration does not declare (the account's other trails, its S3
# Block Public Access) is unknown, so a rule that a live scan judges
# account-wide judges what the resource declares and its message says
# what a live scan also checks.
declared if input.account == ""

# where places a regional setting in a message: its region, or, for a
# declaration, whose region is not known yet, the region it deploys to.
where := sprintf("in %s", [input.region]) if not declared

where := "in the region it deploys to" if declared

# account_name names the account of an account-wide setting in a
# message: its ID, or, for a declaration, the account it deploys to.
account_name := sprintf("account %s", [input.account]) if not declared

account_name := "the account it deploys to" if declared

# public_statements are a policy document's Allow statements that anyone
# may use (no narrowing condition). doc is an attributes policy object.
public(doc) if doc.analysis.public

# port_in(port, from, to, protocol) holds when a rule's port range covers
# port for TCP (or every protocol).
port_in(port, from, to, protocol) if {
	protocol in {"-1", "tcp", "6", "all"}
	from <= port
	port <= to
}

port_in(port, from, to, protocol) if {
	protocol in {"-1", "all"}
	from == 0
	to == 0
}
