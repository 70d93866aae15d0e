package awsadapt

import (
	"strconv"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// builder reads an instance's values into a model shape, recording what
// is unknown and where each model attribute was set: its line, and its
// file when that is not the instance's (an override file, a satellite
// resource declared in another file).
type builder struct {
	in     *cloudres.Instance
	unread []string
	lines  map[string]int
	files  map[string]string
	// tagsAt is where the resource's tags are when not at the source's
	// tags (Tags) argument: EFS's FileSystemTags.
	tagsAt string
}

// newBuilder starts reading in.
func newBuilder(in *cloudres.Instance) *builder { return &builder{in: in, lines: map[string]int{}} }

// place records that model attribute attr was set at file:line.
func (b *builder) place(attr, file string, line int) {
	b.lines[attr] = line
	if file == b.in.File {
		delete(b.files, attr)
		return
	}
	if b.files == nil {
		b.files = map[string]string{}
	}
	b.files[attr] = file
}

// locate records that model attribute attr was set where the instance
// writes path (or its nearest written parent).
func (b *builder) locate(attr, path string) {
	file, line := b.in.At(path)
	b.place(attr, file, line)
}

// locateFirst is locate unless attr was located already.
func (b *builder) locateFirst(attr, path string) {
	if _, set := b.lines[attr]; !set {
		b.locate(attr, path)
	}
}

// locateBlock records that model attribute attr was set by the resource
// block of sat, a satellite merged into the resource.
func (b *builder) locateBlock(attr string, sat *cloudres.Instance) {
	b.place(attr, sat.File, sat.Line)
}

// merge takes a satellite's unknowns and places into the resource's.
func (b *builder) merge(sat *builder) {
	b.unread = append(b.unread, sat.unread...)
	for k, l := range sat.lines {
		if _, ok := b.lines[k]; ok {
			continue
		}
		file, ok := sat.files[k]
		if !ok {
			file = sat.in.File
		}
		b.place(k, file, l)
	}
}

// value returns the value at a source path; unknown (or an unresolved
// reference) marks attr unread and returns ok false; absent returns ok
// false without marking.
func (b *builder) value(path, attr string) (any, bool) {
	v, ok := b.in.Get(path)
	if !ok || v == nil {
		return nil, false
	}
	switch v.(type) {
	case cloudres.Unknown, cloudres.Ref:
		b.unknown(attr)
		return nil, false
	}
	if attr != "" {
		b.locateFirst(attr, path)
	}
	return v, true
}

// unknown marks attr as not decidable before deployment.
func (b *builder) unknown(attr string) {
	if attr != "" {
		b.unread = append(b.unread, attr)
	}
}

// policyOf reads the policy document a policy resource declares for the
// resource b builds (aws_sqs_queue_policy, AWS::SNS::TopicPolicy …), at
// its docPath, as model attribute attr. replaces: the document replaces
// one the resource itself left unknown (override).
func (b *builder) policyOf(sat *cloudres.Instance, docPath, attr string, replaces bool) *awsmodel.PolicyDocument {
	sb := newBuilder(sat)
	doc := sb.policy(docPath, attr)
	if replaces {
		override(b, attr)
	}
	b.merge(sb)
	return doc
}

// override drops attr from b's unread attributes: a satellite resource
// (a separate policy resource) declares the value the main resource left
// unknown (a computed policy in a plan).
func override(b *builder, attr string) {
	out := b.unread[:0]
	for _, a := range b.unread {
		if a != attr {
			out = append(out, a)
		}
	}
	b.unread = out
}

// str, boolean and integer read typed values (CloudFormation writes
// numbers and booleans as strings too).
func (b *builder) str(path, attr string) (string, bool) {
	v, ok := b.value(path, attr)
	if !ok {
		return "", false
	}
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case int:
		return strconv.Itoa(x), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	}
	return "", false
}

func (b *builder) boolean(path, attr string) (bool, bool) {
	v, ok := b.value(path, attr)
	if !ok {
		return false, false
	}
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		p, err := strconv.ParseBool(x)
		return p, err == nil
	}
	return false, false
}

func (b *builder) integer(path, attr string) (int64, bool) {
	v, ok := b.value(path, attr)
	if !ok {
		return 0, false
	}
	switch x := v.(type) {
	case int64:
		return x, true
	case float64:
		return int64(x), true
	case int:
		return int64(x), true
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		return n, err == nil
	}
	return 0, false
}

// list returns the list at path (a Terraform nested block or a
// CloudFormation list property).
func (b *builder) list(path, attr string) []any {
	v, ok := b.value(path, attr)
	if !ok {
		return nil
	}
	switch x := v.(type) {
	case []any:
		return x
	case map[string]any:
		// One nested block written as an object (Terraform JSON syntax).
		if b.in.Source != cloudres.CloudFormation {
			return []any{x}
		}
	}
	return nil
}

// setStr sets *dst to the known string at path, and leaves it as it is
// when the value is absent or unknown.
func (b *builder) setStr(dst **string, path, attr string) {
	if s, ok := b.str(path, attr); ok {
		*dst = &s
	}
}

// strOrRef reads a string that may be set from another resource. A Ref
// is an attribute (id, arn, name) of a resource of the same source:
// certain to exist, only its text comes at apply, so it is kept as a
// placeholder naming that resource (presence checks decide on it; no
// rule compares it). Unknown still marks attr unread.
func (b *builder) strOrRef(path, attr string) (string, bool) {
	v, ok := b.in.Get(path)
	if !ok || v == nil {
		return "", false
	}
	if r, isRef := v.(cloudres.Ref); isRef {
		if attr != "" {
			b.locateFirst(attr, path)
		}
		return refPlaceholder(r), true
	}
	return b.str(path, attr)
}

// strList reads a string or a list of strings. Unknown elements mark
// attr unread and are dropped; Ref elements become placeholders when
// refs is true, else they are unknown too.
func (b *builder) strList(path, attr string, refs bool) []string {
	v, ok := b.value(path, attr)
	if !ok {
		return nil
	}
	var items []any
	switch x := v.(type) {
	case []any:
		items = x
	default:
		items = []any{x}
	}
	var out []string
	for _, e := range items {
		switch x := e.(type) {
		case string:
			if x != "" {
				out = append(out, x)
			}
		case cloudres.Ref:
			if refs {
				out = append(out, refPlaceholder(x))
			} else {
				b.unknown(attr)
			}
		case cloudres.Unknown:
			b.unknown(attr)
		}
	}
	return out
}

// stringsAt reads a list of known strings (unknown entries are
// skipped: the callers reject unknown values first).
func stringsAt(b *builder, path string) []string {
	var out []string
	for _, e := range b.list(path, "") {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// presentStr reads a string whose presence matters even when its value is
// unknown (a KMS key id): an unknown or referenced value marks attr unread
// and yields setAtApply.
func presentStr(b *builder, path, attr string) (string, bool) {
	v, ok := b.in.Get(path)
	if !ok || v == nil {
		return "", false
	}
	if s, ok := b.str(path, attr); ok {
		return s, s != ""
	}
	if hasUnknown(v) {
		b.locate(attr, path)
		return setAtApply, true
	}
	return "", false
}

// variables reads a string map (environment or stage variables). A
// value set from another resource keeps a placeholder (never a literal
// secret); an unknown value is dropped and marks attr unread.
func (b *builder) variables(path, attr string) map[string]string {
	v, ok := b.value(path, attr)
	if !ok {
		return nil
	}
	m, _ := v.(map[string]any)
	if len(m) == 0 {
		return nil
	}
	out := map[string]string{}
	for k := range m {
		if s, ok := b.strOrRef(path+"."+k, attr); ok {
			out[k] = s
		}
	}
	return out
}

// policy parses a policy document given as a JSON string (Terraform,
// jsonencode output) or an object (CloudFormation); unknown or
// unparsable documents mark attr unread.
func (b *builder) policy(path, attr string) *awsmodel.PolicyDocument {
	v, ok := b.value(path, attr)
	if !ok {
		return nil
	}
	var text string
	switch x := v.(type) {
	case string:
		text = x
	case map[string]any:
		// Values known only at deploy time inside the document (a
		// resource's ARN) become a placeholder the analysis never
		// matches, so principals, actions and conditions still count.
		text = mustJSON(markUnknown(x))
	default:
		b.unknown(attr)
		return nil
	}
	doc, err := awsmodel.ParsePolicy(text, "")
	if err != nil {
		b.unknown(attr)
		return nil
	}
	return doc
}

// tags reads Terraform's tags map or CloudFormation's Key/Value list.
func (b *builder) tags(path string) map[string]string {
	v, ok := b.in.Get(path)
	if !ok {
		return nil
	}
	out := map[string]string{}
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if s, ok := val.(string); ok {
				out[k] = s
			}
		}
	case []any:
		for _, e := range x {
			m, _ := e.(map[string]any)
			k, _ := m["Key"].(string)
			val, _ := m["Value"].(string)
			if k != "" {
				out[k] = val
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// idOr is the identifier the model's *_id field carries: the source's
// known "id", else the IaC address (the real ID exists only after
// apply; rules print it in messages).
func (b *builder) idOr() string {
	if v, ok := b.in.Get("id"); ok {
		if s, ok := v.(string); ok && s != "" {
			return s
		}
	}
	return b.in.Address
}

// nameTag is the resource's Name tag, else its name label or logical ID:
// the name EC2 gives what it lists.
func (b *builder) nameTag() string {
	if n := b.tags(spell(b.in, "tags", "Tags"))["Name"]; n != "" {
		return n
	}
	return b.in.Name
}

// resource builds the model resource of type typ from shape.
func (b *builder) resource(typ, name string, shape any) *model.Resource {
	tagsAt := b.tagsAt
	if tagsAt == "" {
		tagsAt = spell(b.in, "tags", "Tags")
	}
	return b.derived(typ, ID(b.in), name, b.tags(tagsAt), shape)
}

// derived builds a resource the instance implies rather than declares
// (its own ID, its own tags), located at the instance.
func (b *builder) derived(typ, id, name string, tags map[string]string, shape any) *model.Resource {
	t, ok := awsmodel.Lookup(typ)
	if !ok {
		panic("awsadapt: unmodelled type " + typ) // a programming error every test catches
	}
	src := model.Source{Kind: model.SourceIaC, File: b.in.File, Line: b.in.Line, Address: b.in.Address}
	if b.in.CallFile != "" {
		src.File, src.Line = b.in.CallFile, b.in.CallLine
		src.DefinedIn = &model.Location{File: b.in.File, Line: b.in.Line}
	}
	if len(b.lines) > 0 {
		src.Lines = b.lines
	}
	if len(b.files) > 0 {
		src.Files = b.files
	}
	return awsmodel.NewResource(t, awsmodel.Base{ID: id, Name: name, Tags: tags, Unread: b.unread, Source: src}, shape)
}
