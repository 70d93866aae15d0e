package cfn

import (
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// samGlobals returns the Globals.<section> mapping of a SAM template.
func samGlobals(n *yaml.Node, section string) *yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	g := deref(pairsByName(n)[section])
	if g == nil || g.Kind != yaml.MappingNode {
		return nil
	}
	return g
}

// mergeGlobals applies SAM's Globals to a function's Properties: maps
// merge, lists append to the global entries, other values of the
// function win.
func mergeGlobals(props, globals *yaml.Node) *yaml.Node {
	props = deref(props)
	if props == nil || isNull(props) {
		return globals
	}
	if props.Kind != yaml.MappingNode || props.Tag != "!!map" {
		return props
	}
	return mergeNodes(globals, props, 0)
}

func mergeNodes(global, local *yaml.Node, d int) *yaml.Node {
	global, local = deref(global), deref(local)
	if global == nil || local == nil || d > 8 || global.Kind != local.Kind || isIntrinsicTag(global.Tag) || isIntrinsicTag(local.Tag) {
		return local
	}
	switch local.Kind {
	case yaml.SequenceNode:
		m := *local
		m.Content = append(append([]*yaml.Node{}, global.Content...), local.Content...)
		return &m
	case yaml.MappingNode:
		m := *local
		m.Content = append([]*yaml.Node{}, local.Content...)
		have := map[string]int{}
		for i := 0; i+1 < len(m.Content); i += 2 {
			have[m.Content[i].Value] = i
		}
		for i := 0; i+1 < len(global.Content); i += 2 {
			k := global.Content[i]
			if j, ok := have[k.Value]; ok {
				m.Content[j+1] = mergeNodes(global.Content[i+1], m.Content[j+1], d+1)
				continue
			}
			m.Content = append(m.Content, k, global.Content[i+1])
		}
		return &m
	}
	return local
}

// samSame are the AWS::Serverless::Function properties that
// AWS::Lambda::Function has under the same name.
var samSame = []string{
	"Architectures", "CodeSigningConfigArn", "DeadLetterConfig", "Description", "Environment",
	"EphemeralStorage", "FileSystemConfigs", "FunctionName", "Handler", "ImageConfig",
	"KmsKeyArn", "Layers", "LoggingConfig", "MemorySize", "PackageType", "RecursiveLoop",
	"ReservedConcurrentExecutions", "Role", "Runtime", "RuntimeManagementConfig", "SnapStart",
	"Timeout", "TracingConfig", "VpcConfig",
}

// samFunction expands an AWS::Serverless::Function into the
// AWS::Lambda::Function SAM creates and, for a FunctionUrlConfig, its
// AWS::Lambda::Url (and the public permission when AuthType is NONE).
// The execution role SAM generates when Role is absent is not emitted;
// Role is then Unknown.
func samFunction(in cloudres.Instance) []cloudres.Instance {
	src, srcLines := in.Values, in.Lines
	fn := in
	fn.Type = "AWS::Lambda::Function"
	fn.Values, fn.Lines = map[string]any{}, map[string]int{}
	for _, k := range samSame {
		if v, ok := src[k]; ok {
			fn.Values[k] = v
			moveLines(srcLines, k, fn.Lines, k)
		}
	}
	if _, ok := fn.Values["Role"]; !ok {
		fn.Values["Role"] = cloudres.Unknown{} // the role SAM generates
	}
	if v, ok := src["Tracing"]; ok {
		fn.Values["TracingConfig"] = map[string]any{"Mode": v}
		moveLines(srcLines, "Tracing", fn.Lines, "TracingConfig.Mode")
		fn.Lines["TracingConfig"] = srcLines["Tracing"]
	}
	if dlq, ok := src["DeadLetterQueue"].(map[string]any); ok {
		if arn, ok := dlq["TargetArn"]; ok {
			fn.Values["DeadLetterConfig"] = map[string]any{"TargetArn": arn}
			moveLines(srcLines, "DeadLetterQueue.TargetArn", fn.Lines, "DeadLetterConfig.TargetArn")
			fn.Lines["DeadLetterConfig"] = srcLines["DeadLetterQueue"]
		}
	}
	samCode(src, srcLines, fn.Values, fn.Lines)
	tags := []any{}
	if m, ok := src["Tags"].(map[string]any); ok {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			tags = append(tags, map[string]any{"Key": k, "Value": m[k]})
		}
	}
	tags = append(tags, map[string]any{"Key": "lambda:createdBy", "Value": "SAM"})
	fn.Values["Tags"] = tags
	if l, ok := srcLines["Tags"]; ok {
		fn.Lines["Tags"] = l
	}
	out := []cloudres.Instance{fn}

	url, ok := src["FunctionUrlConfig"].(map[string]any)
	if !ok {
		return out
	}
	urlLine := in.Line
	if l := srcLines["FunctionUrlConfig"]; l > 0 {
		urlLine = l
	}
	u := cloudres.Instance{Source: in.Source, Type: "AWS::Lambda::Url", Address: in.Address + "Url", Name: in.Address + "Url",
		File: in.File, Line: urlLine, Values: map[string]any{"TargetFunctionArn": cloudres.Ref{Address: in.Address}}, Lines: map[string]int{}}
	for _, k := range []string{"AuthType", "Cors", "InvokeMode"} {
		if v, ok := url[k]; ok {
			u.Values[k] = v
			moveLines(srcLines, "FunctionUrlConfig."+k, u.Lines, k)
		}
	}
	out = append(out, u)
	if url["AuthType"] == "NONE" {
		perm := cloudres.Instance{Source: in.Source, Type: "AWS::Lambda::Permission", Address: in.Address + "UrlPublicPermissions", Name: in.Address + "UrlPublicPermissions",
			File: in.File, Line: urlLine, Values: map[string]any{
				"Action":              "lambda:InvokeFunctionUrl",
				"FunctionName":        cloudres.Ref{Address: in.Address},
				"FunctionUrlAuthType": "NONE",
				"Principal":           "*",
			}, Lines: map[string]int{}}
		if l := u.Lines["AuthType"]; l > 0 {
			perm.Lines["FunctionUrlAuthType"] = l
		}
		out = append(out, perm)
	}
	return out
}

// samCode turns CodeUri, InlineCode and ImageUri into Code.
func samCode(src map[string]any, srcLines map[string]int, dst map[string]any, dstLines map[string]int) {
	code := map[string]any{}
	switch v := src["CodeUri"].(type) {
	case string:
		if rest, ok := strings.CutPrefix(v, "s3://"); ok {
			bucket, key, _ := strings.Cut(rest, "/")
			code["S3Bucket"], code["S3Key"] = bucket, key
		} else {
			code["S3Bucket"], code["S3Key"] = cloudres.Unknown{}, cloudres.Unknown{} // a local path sam package uploads
		}
		dstLines["Code"] = srcLines["CodeUri"]
	case map[string]any:
		for from, to := range map[string]string{"Bucket": "S3Bucket", "Key": "S3Key", "Version": "S3ObjectVersion"} {
			if x, ok := v[from]; ok {
				code[to] = x
				moveLines(srcLines, "CodeUri."+from, dstLines, "Code."+to)
			}
		}
		dstLines["Code"] = srcLines["CodeUri"]
	case cloudres.Unknown, cloudres.Ref:
		code["S3Bucket"], code["S3Key"] = cloudres.Unknown{}, cloudres.Unknown{}
		dstLines["Code"] = srcLines["CodeUri"]
	}
	if v, ok := src["InlineCode"]; ok {
		code["ZipFile"] = v
		moveLines(srcLines, "InlineCode", dstLines, "Code.ZipFile")
		dstLines["Code"] = srcLines["InlineCode"]
	}
	if v, ok := src["ImageUri"]; ok {
		code["ImageUri"] = v
		moveLines(srcLines, "ImageUri", dstLines, "Code.ImageUri")
		dstLines["Code"] = srcLines["ImageUri"]
	}
	if len(code) > 0 {
		dst["Code"] = code
	}
	for k, v := range dstLines {
		if v == 0 {
			delete(dstLines, k)
		}
	}
}

// moveLines copies the lines of path from and below it to path to.
func moveLines(src map[string]int, from string, dst map[string]int, to string) {
	for k, v := range src {
		if k == from {
			dst[to] = v
		} else if rest, ok := strings.CutPrefix(k, from+"."); ok {
			dst[to+"."+rest] = v
		}
	}
}
