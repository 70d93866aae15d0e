# The CIS monitoring pipeline, evaluated end to end: CloudTrail (a
# multi-region trail that is logging every management event) delivers to
# a CloudWatch Logs group; a metric filter on that group matches the
# events of a category; a CloudWatch alarm watches the filter's metric
# and notifies an SNS topic that someone has subscribed to (confirmed).
# Each monitoring rule asks gap(category) of the account anchor
# (aws.cloudtrail.account_settings): the first missing link, or nothing
# when the pipeline is complete.
#
# Filter patterns are compared by their terms, not as text: each
# "$.field = value" / "$.field != value" term is read with whitespace,
# parentheses and quotes ignored, so the documented patterns and their
# reorderings match. A filter covers a category when every required term
# is there, no term negates one of them, and no other "=" term narrows it
# (only the fields a category lists may appear, e.g. eventSource with the
# category's own service).
package vigil.lib.aws_monitoring

import rego.v1

# categories: the events each monitoring rule needs a filter for.
# equals: [field, value] terms that must appear with "=";
# not_equals: terms that must appear with "!=";
# extra_fields: other fields that may appear with "=" (refinements the
# documented patterns use); sources: the eventSource values allowed.
categories := {
	"unauthorized_api_calls": {
		"title": "unauthorized API calls",
		"equals": [["errorCode", "*UnauthorizedOperation"], ["errorCode", "AccessDenied*"]],
		"not_equals": [],
		"extra_fields": [],
		"sources": [],
	},
	"console_signin_without_mfa": {
		"title": "console sign-ins without MFA",
		"equals": [["eventName", "ConsoleLogin"]],
		"not_equals": [["additionalEventData.MFAUsed", "Yes"]],
		"extra_fields": ["userIdentity.type", "responseElements.ConsoleLogin", "eventSource"],
		"sources": ["signin.amazonaws.com"],
	},
	"root_usage": {
		"title": "use of the root user",
		"equals": [["userIdentity.type", "Root"]],
		"not_equals": [],
		"extra_fields": [],
		"sources": [],
	},
	"iam_policy_changes": {
		"title": "IAM policy changes",
		"equals": [["eventName", "DeleteGroupPolicy"], ["eventName", "DeleteRolePolicy"], ["eventName", "DeleteUserPolicy"], ["eventName", "PutGroupPolicy"], ["eventName", "PutRolePolicy"], ["eventName", "PutUserPolicy"], ["eventName", "CreatePolicy"], ["eventName", "DeletePolicy"], ["eventName", "CreatePolicyVersion"], ["eventName", "DeletePolicyVersion"], ["eventName", "AttachRolePolicy"], ["eventName", "DetachRolePolicy"], ["eventName", "AttachUserPolicy"], ["eventName", "DetachUserPolicy"], ["eventName", "AttachGroupPolicy"], ["eventName", "DetachGroupPolicy"]],
		"not_equals": [],
		"extra_fields": ["eventSource"],
		"sources": ["iam.amazonaws.com"],
	},
	"cloudtrail_changes": {
		"title": "CloudTrail configuration changes",
		"equals": [["eventName", "CreateTrail"], ["eventName", "UpdateTrail"], ["eventName", "DeleteTrail"], ["eventName", "StartLogging"], ["eventName", "StopLogging"]],
		"not_equals": [],
		"extra_fields": ["eventSource"],
		"sources": ["cloudtrail.amazonaws.com"],
	},
	"console_auth_failures": {
		"title": "failed console sign-ins",
		"equals": [["eventName", "ConsoleLogin"], ["errorMessage", "Failed authentication"]],
		"not_equals": [],
		"extra_fields": ["eventSource"],
		"sources": ["signin.amazonaws.com"],
	},
	"cmk_disable_deletion": {
		"title": "disabling or scheduled deletion of customer managed KMS keys",
		"equals": [["eventName", "DisableKey"], ["eventName", "ScheduleKeyDeletion"]],
		"not_equals": [],
		"extra_fields": ["eventSource"],
		"sources": ["kms.amazonaws.com"],
	},
	"s3_bucket_policy_changes": {
		"title": "S3 bucket policy changes",
		"equals": [["eventName", "PutBucketAcl"], ["eventName", "PutBucketPolicy"], ["eventName", "PutBucketCors"], ["eventName", "PutBucketLifecycle"], ["eventName", "PutBucketReplication"], ["eventName", "DeleteBucketPolicy"], ["eventName", "DeleteBucketCors"], ["eventName", "DeleteBucketLifecycle"], ["eventName", "DeleteBucketReplication"]],
		"not_equals": [],
		"extra_fields": ["eventSource"],
		"sources": ["s3.amazonaws.com"],
	},
	"config_changes": {
		"title": "AWS Config configuration changes",
		"equals": [["eventName", "StopConfigurationRecorder"], ["eventName", "DeleteDeliveryChannel"], ["eventName", "PutDeliveryChannel"], ["eventName", "PutConfigurationRecorder"]],
		"not_equals": [],
		"extra_fields": ["eventSource"],
		"sources": ["config.amazonaws.com"],
	},
	"security_group_changes": {
		"title": "security group changes",
		"equals": [["eventName", "AuthorizeSecurityGroupIngress"], ["eventName", "AuthorizeSecurityGroupEgress"], ["eventName", "RevokeSecurityGroupIngress"], ["eventName", "RevokeSecurityGroupEgress"], ["eventName", "CreateSecurityGroup"], ["eventName", "DeleteSecurityGroup"]],
		"not_equals": [],
		"extra_fields": ["eventSource"],
		"sources": ["ec2.amazonaws.com"],
	},
	"nacl_changes": {
		"title": "network ACL changes",
		"equals": [["eventName", "CreateNetworkAcl"], ["eventName", "CreateNetworkAclEntry"], ["eventName", "DeleteNetworkAcl"], ["eventName", "DeleteNetworkAclEntry"], ["eventName", "ReplaceNetworkAclEntry"], ["eventName", "ReplaceNetworkAclAssociation"]],
		"not_equals": [],
		"extra_fields": ["eventSource"],
		"sources": ["ec2.amazonaws.com"],
	},
	"network_gateway_changes": {
		"title": "network gateway changes",
		"equals": [["eventName", "CreateCustomerGateway"], ["eventName", "DeleteCustomerGateway"], ["eventName", "AttachInternetGateway"], ["eventName", "CreateInternetGateway"], ["eventName", "DeleteInternetGateway"], ["eventName", "DetachInternetGateway"]],
		"not_equals": [],
		"extra_fields": ["eventSource"],
		"sources": ["ec2.amazonaws.com"],
	},
	"route_table_changes": {
		"title": "route table changes",
		"equals": [["eventName", "CreateRoute"], ["eventName", "CreateRouteTable"], ["eventName", "ReplaceRoute"], ["eventName", "ReplaceRouteTableAssociation"], ["eventName", "DeleteRouteTable"], ["eventName", "DeleteRoute"], ["eventName", "DisassociateRouteTable"]],
		"not_equals": [],
		"extra_fields": ["eventSource"],
		"sources": ["ec2.amazonaws.com"],
	},
	"vpc_changes": {
		"title": "VPC changes",
		"equals": [["eventName", "CreateVpc"], ["eventName", "DeleteVpc"], ["eventName", "ModifyVpcAttribute"], ["eventName", "AcceptVpcPeeringConnection"], ["eventName", "CreateVpcPeeringConnection"], ["eventName", "DeleteVpcPeeringConnection"], ["eventName", "RejectVpcPeeringConnection"]],
		"not_equals": [],
		"extra_fields": ["eventSource"],
		"sources": ["ec2.amazonaws.com"],
	},
	"organizations_changes": {
		"title": "AWS Organizations changes",
		"equals": [["eventName", "AcceptHandshake"], ["eventName", "AttachPolicy"], ["eventName", "CreateAccount"], ["eventName", "CreateOrganizationalUnit"], ["eventName", "CreatePolicy"], ["eventName", "DeclineHandshake"], ["eventName", "DeleteOrganization"], ["eventName", "DeleteOrganizationalUnit"], ["eventName", "DeletePolicy"], ["eventName", "DetachPolicy"], ["eventName", "DisablePolicyType"], ["eventName", "EnablePolicyType"], ["eventName", "InviteAccountToOrganization"], ["eventName", "LeaveOrganization"], ["eventName", "MoveAccount"], ["eventName", "RemoveAccountFromOrganization"], ["eventName", "UpdatePolicy"], ["eventName", "UpdateOrganizationalUnit"]],
		"not_equals": [],
		"extra_fields": ["eventSource"],
		"sources": ["organizations.amazonaws.com"],
	},
}

# terms are the comparisons of a filter pattern: [field, op, value].
terms(pattern) := {[m[1], m[2], _value(m[3])] |
	some m in regex.find_all_string_submatch_n(`\$\.([A-Za-z0-9_.\[\]-]+)\s*(!=|=)\s*("[^"]*"|[^\s()|&]+)`, pattern, -1)
}

_value(v) := regex.replace(trim(trim_space(v), "\""), `\s+`, " ")

# covers holds when pattern matches every event of category cat.
covers(pattern, cat) if {
	c := categories[cat]
	ts := terms(pattern)
	every p in c.equals {
		[p[0], "=", p[1]] in ts
	}
	every p in c.not_equals {
		[p[0], "!=", p[1]] in ts
	}
	not _negates(ts, c)
	not _narrows(ts, c)
}

_negates(ts, c) if {
	some p in c.equals
	[p[0], "!=", p[1]] in ts
}

# _narrows: an "=" term on a field the category does not use, or an
# eventSource of another service.
_narrows(ts, c) if {
	some t in ts
	t[1] == "="
	fields := {p[0] | some p in c.equals} | {f | some f in c.extra_fields}
	not t[0] in fields
}

_narrows(ts, c) if {
	some t in ts
	t[1] == "="
	t[0] == "eventSource"
	not t[2] in {s | some s in c.sources}
}

_mine(typ) := [r | some r in vigil.resources(typ); r.account == input.account]

_known(r, attr) if not attr in object.get(r.attributes, "unread", [])

_trails := _mine("aws.cloudtrail.trail")

# good_trails: multi-region, logging, every management event, delivering
# to a CloudWatch Logs group.
good_trails contains t if {
	some t in _trails
	t.attributes.is_multi_region_trail == true
	t.attributes.is_logging == true
	t.attributes.all_management_events == true
	object.get(t.attributes, "cloudwatch_logs_log_group_name", "") != ""
}

# undetermined: a trail's status or selectors could not be read, so the
# absence of a good trail proves nothing.
undetermined if {
	some t in _trails
	some attr in ["is_logging", "all_management_events"]
	not _known(t, attr)
}

_groups contains [t.attributes.cloudwatch_logs_log_group_region, t.attributes.cloudwatch_logs_log_group_name] if {
	some t in good_trails
}

_group_names := concat(", ", sort([g[1] | some g in _groups]))

# filters(cat): metric filters on a good trail's log group covering cat.
filters(cat) := {f |
	some f in _mine("aws.logs.metric_filter")
	[f.region, f.attributes.log_group_name] in _groups
	covers(object.get(f.attributes, "filter_pattern", ""), cat)
}

# alarms(cat): [filter, alarm] pairs where the alarm watches the filter's
# metric with its actions on.
alarms(cat) := {[f.id, a] |
	some f in filters(cat)
	some mt in f.attributes.metric_transformations
	some a in _mine("aws.cloudwatch.alarm")
	a.region == f.region
	a.attributes.metric_name == mt.metric_name
	a.attributes.namespace == mt.metric_namespace
	object.get(a.attributes, "actions_enabled", false) == true
}

# notified(cat): alarms whose actions include an SNS topic with a
# confirmed subscription.
notified(cat) := {a.id |
	some [_, a] in alarms(cat)
	some action in object.get(a.attributes, "alarm_actions", [])
	some tp in _mine("aws.sns.topic")
	tp.id == action
	_subscribed(tp)
}

_subscribed(tp) if tp.attributes.confirmed_subscription_count > 0

# A topic whose subscriptions could not be read gets the benefit of the
# doubt.
_subscribed(tp) if not _known(tp, "confirmed_subscription_count")

# gap(cat) is the first missing link of the pipeline for cat; undefined
# when the account is monitored for it.
gap(cat) := msg if {
	count(good_trails) == 0
	msg := sprintf("account %s has no multi-region CloudTrail trail that is logging every management event to CloudWatch Logs, so no alarm can watch for %s", [input.account, categories[cat].title])
} else := msg if {
	count(filters(cat)) == 0
	msg := sprintf("account %s: no metric filter on the trail log group (%s) matches %s", [input.account, _group_names, categories[cat].title])
} else := msg if {
	count(alarms(cat)) == 0
	names := concat(", ", sort([f.attributes.filter_name | some f in filters(cat)]))
	msg := sprintf("account %s: no CloudWatch alarm with actions enabled watches the metric of filter %s (%s)", [input.account, names, categories[cat].title])
} else := msg if {
	count(notified(cat)) == 0
	names := concat(", ", sort([a.attributes.alarm_name | some [_, a] in alarms(cat)]))
	msg := sprintf("account %s: alarm %s (%s) notifies no SNS topic with a confirmed subscription", [input.account, names, categories[cat].title])
}
