package terraform

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"math/big"
	"net/netip"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"

	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// unknownFuncs are Terraform built-ins evaluated here as Unknown: their
// results depend on the clock, randomness, the machine, or are not
// implemented.
var unknownFuncs = []string{
	"timestamp", "plantimestamp", "uuid", "uuidv5", "bcrypt", "rsadecrypt", "abspath", "pathexpand",
	"yamldecode", "yamlencode", "base64gzip", "textdecodebase64", "textencodebase64", "templatestring",
	"fileset", "transpose", "matchkeys", "type", "ephemeralasnull", "encode_tfvars", "decode_tfvars", "encode_expr",
}

// makeFunctions returns the function table for a module in dir; file
// functions read relative to the root (Terraform's working directory)
// or to the module directory, and never outside both.
func makeFunctions(r *run, dir string) map[string]function.Function {
	if r.funcs == nil {
		r.funcs = map[string]map[string]function.Function{}
	}
	if f, ok := r.funcs[dir]; ok {
		return f
	}
	fs := map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc, "log": stdlib.LogFunc,
		"pow": stdlib.PowFunc, "signum": stdlib.SignumFunc, "parseint": stdlib.ParseIntFunc,
		"min": stdlib.MinFunc, "max": stdlib.MaxFunc,
		"chomp": stdlib.ChompFunc, "indent": stdlib.IndentFunc, "title": stdlib.TitleFunc,
		"trimspace": stdlib.TrimSpaceFunc, "trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc,
		"trimsuffix": stdlib.TrimSuffixFunc, "lower": stdlib.LowerFunc, "upper": stdlib.UpperFunc,
		"strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc, "join": stdlib.JoinFunc,
		"sort": stdlib.SortFunc, "split": stdlib.SplitFunc, "regex": stdlib.RegexFunc,
		"regexall": stdlib.RegexAllFunc, "concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc,
		"distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc, "chunklist": stdlib.ChunklistFunc,
		"flatten": stdlib.FlattenFunc, "keys": stdlib.KeysFunc, "values": stdlib.ValuesFunc,
		"lookup": stdlib.LookupFunc, "merge": stdlib.MergeFunc, "range": stdlib.RangeFunc,
		"zipmap": stdlib.ZipmapFunc, "slice": stdlib.SliceFunc, "coalesce": coalesceFunc,
		"coalescelist": stdlib.CoalesceListFunc, "compact": stdlib.CompactFunc, "index": stdlib.IndexFunc,
		"reverse": stdlib.ReverseListFunc, "setproduct": setProductFunc, "setunion": stdlib.SetUnionFunc,
		"setintersection": stdlib.SetIntersectionFunc, "setsubtract": stdlib.SetSubtractFunc,
		"jsonencode": jsonEncodeFunc, "jsondecode": stdlib.JSONDecodeFunc, "csvdecode": stdlib.CSVDecodeFunc,
		"formatdate": stdlib.FormatDateFunc, "timeadd": stdlib.TimeAddFunc, "format": boundedFormat(stdlib.FormatFunc),
		"formatlist": boundedFormat(stdlib.FormatListFunc),
		"tostring":   stdlib.MakeToFunc(cty.String), "tonumber": stdlib.MakeToFunc(cty.Number),
		"tobool": stdlib.MakeToFunc(cty.Bool), "tolist": stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"toset": stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)), "tomap": stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
		"try": tryfunc.TryFunc, "can": tryfunc.CanFunc,
		"length": lengthFunc, "replace": replaceFunc,
		"cidrsubnet": cidrSubnetFunc, "cidrhost": cidrHostFunc, "cidrnetmask": cidrNetmaskFunc, "cidrsubnets": cidrSubnetsFunc,
		"base64encode": strFunc(func(s string) (string, error) { return base64.StdEncoding.EncodeToString([]byte(s)), nil }),
		"base64decode": strFunc(base64Decode),
		"md5":          hashFunc(md5.New, hex.EncodeToString), "sha1": hashFunc(sha1.New, hex.EncodeToString),
		"sha256": hashFunc(sha256.New, hex.EncodeToString), "sha512": hashFunc(sha512.New, hex.EncodeToString),
		"base64sha256": hashFunc(sha256.New, base64.StdEncoding.EncodeToString),
		"base64sha512": hashFunc(sha512.New, base64.StdEncoding.EncodeToString),
		"urlencode":    strFunc(func(s string) (string, error) { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20"), nil }),
		"basename":     strFunc(func(s string) (string, error) { return filepath.Base(s), nil }),
		"dirname":      strFunc(func(s string) (string, error) { return filepath.Dir(s), nil }),
		"startswith":   strPredicate(strings.HasPrefix), "endswith": strPredicate(strings.HasSuffix),
		"strcontains": strPredicate(strings.Contains),
		"one":         oneFunc, "sum": sumFunc, "alltrue": boolsFunc(true), "anytrue": boolsFunc(false),
		"sensitive": identityFunc, "nonsensitive": identityFunc,
		"issensitive": function.New(&function.Spec{
			Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowDynamicType: true, AllowMarked: true}},
			Type:   function.StaticReturnType(cty.Bool),
			Impl:   func([]cty.Value, cty.Type) (cty.Value, error) { return cty.False, nil },
		}),
	}
	for _, n := range unknownFuncs {
		fs[n] = unknownFunc
	}
	files := fileReader{r: r, dir: dir}
	fs["file"] = strFunc(files.text)
	fs["fileexists"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			p, err := files.resolve(args[0].AsString())
			if err != nil {
				return cty.False, nil
			}
			return cty.BoolVal(fileExists(p)), nil
		},
	})
	fs["filebase64"] = strFunc(func(p string) (string, error) {
		b, err := files.bytes(p)
		return base64.StdEncoding.EncodeToString(b), err
	})
	for name, h := range map[string]func() hash.Hash{"filemd5": md5.New, "filesha1": sha1.New, "filesha256": sha256.New, "filesha512": sha512.New} {
		fs[name] = strFunc(fileHash(files, h, hex.EncodeToString))
	}
	fs["filebase64sha256"] = strFunc(fileHash(files, sha256.New, base64.StdEncoding.EncodeToString))
	fs["filebase64sha512"] = strFunc(fileHash(files, sha512.New, base64.StdEncoding.EncodeToString))
	// templatefile sees every function but itself (Terraform forbids
	// recursion), hence the table is complete before it is added.
	inner := make(map[string]function.Function, len(fs))
	for k, v := range fs {
		inner[k] = v
	}
	inner["templatefile"] = function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "vars", Type: cty.DynamicPseudoType}},
		Type:   function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) {
			return cty.NilVal, fmt.Errorf("templatefile cannot be called from a template")
		},
	})
	fs["templatefile"] = templateFileFunc(files, inner)
	// Provider-defined functions (provider::aws::arn_parse) need the
	// provider: unknown.
	if cfg := r.configs[dir]; cfg != nil {
		for n := range cfg.nsFuncs {
			fs[n] = unknownFunc
		}
	}
	r.funcs[dir] = fs
	return fs
}

var unknownFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowDynamicType: true, AllowMarked: true},
	Type:     function.StaticReturnType(cty.DynamicPseudoType),
	Impl:     func([]cty.Value, cty.Type) (cty.Value, error) { return cty.DynamicVal, nil },
})

var identityFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowNull: true, AllowDynamicType: true, AllowMarked: true}},
	Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl:   func(args []cty.Value, _ cty.Type) (cty.Value, error) { return args[0], nil },
})

func strFunc(f func(string) (string, error)) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, err := f(args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			return cty.StringVal(s), nil
		},
	})
}

func strPredicate(f func(s, x string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "sub", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(f(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

func hashFunc(h func() hash.Hash, enc func([]byte) string) function.Function {
	return strFunc(func(s string) (string, error) {
		x := h()
		x.Write([]byte(s))
		return enc(x.Sum(nil)), nil
	})
}

func base64Decode(s string) (string, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "", fmt.Errorf("invalid base64 data: %w", err)
	}
	if !utf8.Valid(b) {
		return "", fmt.Errorf("the decoded data is not valid UTF-8")
	}
	return string(b), nil
}

// coalesceFunc is Terraform's coalesce: the first argument that is
// neither null nor an empty string.
var coalesceFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "vals", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true, AllowNull: true},
	Type: func(args []cty.Value) (cty.Type, error) {
		return stdlib.CoalesceFunc.ReturnTypeForValues(nonEmpty(args))
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return stdlib.Coalesce(nonEmpty(args)...)
	},
})

func nonEmpty(args []cty.Value) []cty.Value {
	out := make([]cty.Value, 0, len(args))
	for _, a := range args {
		if a.Type() == cty.String && a.IsKnown() && !a.IsNull() && a.AsString() == "" {
			continue
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return args[:0:0]
	}
	return out
}

// setProductFunc is setproduct with the product's size bounded.
var setProductFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "sets", Type: cty.DynamicPseudoType},
	Type: func(args []cty.Value) (cty.Type, error) {
		return stdlib.SetProductFunc.ReturnTypeForValues(args)
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		n := 1
		for _, a := range args {
			if !a.IsKnown() || a.IsNull() || !a.Length().IsKnown() {
				continue
			}
			n *= max(a.LengthInt(), 1)
			if n > MaxInstances*10 {
				return cty.NilVal, fmt.Errorf("setproduct would produce more than %d elements", MaxInstances*10)
			}
		}
		return stdlib.SetProduct(args...)
	},
})

// boundedFormat refuses format verbs with huge widths or precisions
// ("%999999999d"), which would allocate without bound.
func boundedFormat(f function.Function) function.Function {
	return function.New(&function.Spec{
		Params:   f.Params(),
		VarParam: f.VarParam(),
		Type: func(args []cty.Value) (cty.Type, error) {
			return f.ReturnTypeForValues(args)
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if len(args) > 0 && args[0].IsKnown() && !args[0].IsNull() && args[0].Type() == cty.String {
				digits := 0
				for _, c := range args[0].AsString() {
					if c >= '0' && c <= '9' {
						digits++
						if digits > 4 {
							return cty.NilVal, fmt.Errorf("format widths and precisions above 9999 are not supported")
						}
					} else {
						digits = 0
					}
				}
			}
			return f.Call(args)
		},
	})
}

var lengthFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowUnknown: true, AllowMarked: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		if ty == cty.String || ty == cty.DynamicPseudoType || ty.IsCollectionType() || ty.IsTupleType() || ty.IsObjectType() {
			return cty.Number, nil
		}
		return cty.NilType, fmt.Errorf("length needs a string, collection or structure, not %s", ty.FriendlyName())
	},
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v, marks := args[0].Unmark()
		if !v.IsKnown() {
			return cty.UnknownVal(cty.Number).WithMarks(marks), nil
		}
		if v.Type() == cty.String {
			n, err := stdlib.Strlen(v)
			return n.WithMarks(marks), err
		}
		return v.Length().WithMarks(marks), nil
	},
})

// replaceFunc is Terraform's replace: a substring wrapped in slashes is a
// regular expression.
var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}, {Name: "replace", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		sub := args[1].AsString()
		if len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/' {
			return stdlib.RegexReplace(args[0], cty.StringVal(sub[1:len(sub)-1]), args[2])
		}
		return cty.StringVal(strings.ReplaceAll(args[0].AsString(), sub, args[2].AsString())), nil
	},
})

var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true, AllowNull: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty == cty.DynamicPseudoType:
			return cty.DynamicPseudoType, nil
		case ty.IsListType() || ty.IsSetType():
			return ty.ElementType(), nil
		case ty.IsTupleType():
			switch len(ty.TupleElementTypes()) {
			case 0:
				return cty.DynamicPseudoType, nil
			case 1:
				return ty.TupleElementTypes()[0], nil
			}
			return cty.NilType, fmt.Errorf("one needs a list of at most one element")
		}
		return cty.NilType, fmt.Errorf("one needs a list, set or tuple, not %s", ty.FriendlyName())
	},
	Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
		v := args[0]
		if v.IsNull() {
			return cty.NilVal, fmt.Errorf("one needs a list, not null")
		}
		if !v.IsKnown() || !v.Length().IsKnown() {
			return cty.UnknownVal(ret), nil
		}
		switch v.LengthInt() {
		case 0:
			return cty.NullVal(ret), nil
		case 1:
			it := v.ElementIterator()
			it.Next()
			_, e := it.Element()
			return e, nil
		}
		return cty.NilVal, fmt.Errorf("one needs a list of at most one element, it has %d", v.LengthInt())
	},
})

var sumFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		ty := v.Type()
		if !(ty.IsListType() || ty.IsSetType() || ty.IsTupleType()) {
			return cty.NilVal, fmt.Errorf("sum needs a list or set of numbers, not %s", ty.FriendlyName())
		}
		if v.LengthInt() == 0 {
			return cty.NilVal, fmt.Errorf("sum cannot add an empty list")
		}
		total := cty.Zero
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if !e.IsKnown() {
				return cty.UnknownVal(cty.Number), nil
			}
			n, err := convertTo(e, cty.Number)
			if err != nil || n.IsNull() {
				return cty.NilVal, fmt.Errorf("sum needs numbers only")
			}
			total = total.Add(n)
		}
		return total, nil
	},
})

func boolsFunc(all bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			unknown := false
			for it := args[0].ElementIterator(); it.Next(); {
				_, e := it.Element()
				if !e.IsKnown() {
					unknown = true
					continue
				}
				if e.IsNull() {
					continue
				}
				if e.True() != all {
					return cty.BoolVal(!all), nil
				}
			}
			if unknown {
				return cty.UnknownVal(cty.Bool), nil
			}
			return cty.BoolVal(all), nil
		},
	})
}

// --- network functions (net/netip, IPv4 and IPv6) ---

func parsePrefix(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return p, fmt.Errorf("invalid CIDR address %q: %w", s, err)
	}
	return p.Masked(), nil
}

func addrInt(a netip.Addr) *big.Int {
	b := a.AsSlice()
	return new(big.Int).SetBytes(b)
}

func intAddr(n *big.Int, v4 bool) (netip.Addr, bool) {
	size := 16
	if v4 {
		size = 4
	}
	if n.Sign() < 0 || n.BitLen() > size*8 {
		return netip.Addr{}, false
	}
	buf := make([]byte, size)
	n.FillBytes(buf)
	return netip.AddrFromSlice(buf)
}

func wholeInt(v cty.Value, what string) (*big.Int, error) {
	bf := v.AsBigFloat()
	if !bf.IsInt() {
		return nil, fmt.Errorf("%s must be a whole number", what)
	}
	i, _ := bf.Int(nil)
	return i, nil
}

func subnet(p netip.Prefix, newbits int, num *big.Int) (netip.Prefix, error) {
	bits := p.Addr().BitLen()
	newLen := p.Bits() + newbits
	if newbits < 0 || newLen > bits {
		return netip.Prefix{}, fmt.Errorf("%d additional bits do not fit in %s (a /%d of %d bits)", newbits, p, p.Bits(), bits)
	}
	if num.Sign() < 0 || num.BitLen() > newbits {
		return netip.Prefix{}, fmt.Errorf("network number %s does not fit in %d bits", num, newbits)
	}
	n := addrInt(p.Addr())
	n.Add(n, new(big.Int).Lsh(num, uint(bits-newLen)))
	a, ok := intAddr(n, p.Addr().Is4())
	if !ok {
		return netip.Prefix{}, fmt.Errorf("subnet outside the address space")
	}
	return netip.PrefixFrom(a, newLen), nil
}

var cidrSubnetFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "newbits", Type: cty.Number}, {Name: "netnum", Type: cty.Number}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := parsePrefix(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		nb, err := wholeInt(args[1], "newbits")
		if err != nil {
			return cty.NilVal, err
		}
		num, err := wholeInt(args[2], "netnum")
		if err != nil {
			return cty.NilVal, err
		}
		if !nb.IsInt64() || nb.Int64() > 128 {
			return cty.NilVal, fmt.Errorf("newbits %s is too large", nb)
		}
		s, err := subnet(p, int(nb.Int64()), num)
		if err != nil {
			return cty.NilVal, err
		}
		return cty.StringVal(s.String()), nil
	},
})

var cidrSubnetsFunc = function.New(&function.Spec{
	Params:   []function.Parameter{{Name: "prefix", Type: cty.String}},
	VarParam: &function.Parameter{Name: "newbits", Type: cty.Number},
	Type:     function.StaticReturnType(cty.List(cty.String)),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := parsePrefix(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		bits := p.Addr().BitLen()
		next := addrInt(p.Addr())
		end := new(big.Int).Add(addrInt(p.Addr()), new(big.Int).Lsh(big.NewInt(1), uint(bits-p.Bits())))
		var out []cty.Value
		for _, a := range args[1:] {
			nb, err := wholeInt(a, "newbits")
			if err != nil {
				return cty.NilVal, err
			}
			if nb.Sign() < 0 || !nb.IsInt64() || int(nb.Int64())+p.Bits() > bits {
				return cty.NilVal, fmt.Errorf("%s additional bits do not fit in %s", nb, p)
			}
			size := new(big.Int).Lsh(big.NewInt(1), uint(bits-p.Bits()-int(nb.Int64())))
			// Align to the subnet size.
			rem := new(big.Int).Mod(next, size)
			if rem.Sign() != 0 {
				next.Add(next, new(big.Int).Sub(size, rem))
			}
			if new(big.Int).Add(next, size).Cmp(end) > 0 {
				return cty.NilVal, fmt.Errorf("not enough room in %s for the requested subnets", p)
			}
			addr, ok := intAddr(next, p.Addr().Is4())
			if !ok {
				return cty.NilVal, fmt.Errorf("subnet outside the address space")
			}
			out = append(out, cty.StringVal(netip.PrefixFrom(addr, p.Bits()+int(nb.Int64())).String()))
			next = new(big.Int).Add(next, size)
		}
		if len(out) == 0 {
			return cty.ListValEmpty(cty.String), nil
		}
		return cty.ListVal(out), nil
	},
})

var cidrHostFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "hostnum", Type: cty.Number}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := parsePrefix(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		h, err := wholeInt(args[1], "hostnum")
		if err != nil {
			return cty.NilVal, err
		}
		hostBits := p.Addr().BitLen() - p.Bits()
		size := new(big.Int).Lsh(big.NewInt(1), uint(hostBits))
		if h.Sign() < 0 {
			h = new(big.Int).Add(size, h)
		}
		if h.Sign() < 0 || h.Cmp(size) >= 0 {
			return cty.NilVal, fmt.Errorf("host number %s does not fit in %s", args[1].AsBigFloat().Text('f', 0), p)
		}
		n := new(big.Int).Add(addrInt(p.Addr()), h)
		a, ok := intAddr(n, p.Addr().Is4())
		if !ok {
			return cty.NilVal, fmt.Errorf("host outside the address space")
		}
		return cty.StringVal(a.String()), nil
	},
})

var cidrNetmaskFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := parsePrefix(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		if !p.Addr().Is4() {
			return cty.NilVal, fmt.Errorf("cidrnetmask works on IPv4 prefixes only")
		}
		m := new(big.Int).Lsh(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(p.Bits())), big.NewInt(1)), uint(32-p.Bits()))
		a, _ := intAddr(m, true)
		return cty.StringVal(a.String()), nil
	},
})

// --- file functions ---

type fileReader struct {
	r   *run
	dir string
}

// resolve finds p relative to the root (Terraform's working directory),
// else to the module directory, and refuses paths outside both.
func (f fileReader) resolve(p string) (string, error) {
	modAbs, _ := filepath.Abs(f.dir)
	var cands []string
	if filepath.IsAbs(p) {
		cands = []string{filepath.Clean(p)}
	} else {
		cands = []string{filepath.Join(f.r.rootAbs, p), filepath.Join(modAbs, p)}
	}
	for _, c := range cands {
		if !within(c, f.r.rootAbs) && !within(c, modAbs) {
			continue
		}
		if fileExists(c) {
			return c, nil
		}
	}
	for _, c := range cands {
		if within(c, f.r.rootAbs) || within(c, modAbs) {
			return "", fmt.Errorf("no file %s (paths are relative to the root module directory; use path.module for the module's own files)", p)
		}
	}
	return "", fmt.Errorf("%s is outside the configuration's directories; it was not read", p)
}

func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func (f fileReader) bytes(p string) ([]byte, error) {
	c, err := f.resolve(p)
	if err != nil {
		return nil, err
	}
	return readBounded(c)
}

func (f fileReader) text(p string) (string, error) {
	b, err := f.bytes(p)
	if err != nil {
		return "", err
	}
	if !utf8.Valid(b) {
		return "", fmt.Errorf("%s is not valid UTF-8; use filebase64 for binary files", p)
	}
	return string(b), nil
}

func fileHash(f fileReader, h func() hash.Hash, enc func([]byte) string) func(string) (string, error) {
	return func(p string) (string, error) {
		b, err := f.bytes(p)
		if err != nil {
			return "", err
		}
		x := h()
		x.Write(b)
		return enc(x.Sum(nil)), nil
	}
}

func templateFileFunc(f fileReader, funcs map[string]function.Function) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "vars", Type: cty.DynamicPseudoType, AllowUnknown: true}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			src, err := f.text(args[0].AsString())
			if err != nil {
				return cty.NilVal, err
			}
			if d, _ := nesting([]byte(src)); d > MaxNesting {
				return cty.NilVal, fmt.Errorf("template nests more than %d levels deep", MaxNesting)
			}
			if n, _ := operators([]byte(src), true); n > maxOperators {
				return cty.NilVal, fmt.Errorf("template has more than %d operators", maxOperators)
			}
			vars := args[1]
			if !vars.IsKnown() {
				return cty.UnknownVal(cty.String), nil
			}
			ty := vars.Type()
			if vars.IsNull() || !(ty.IsMapType() || ty.IsObjectType()) {
				return cty.NilVal, fmt.Errorf("templatefile's vars must be a map or object")
			}
			expr, diags := hclsyntax.ParseTemplate([]byte(src), path.Base(args[0].AsString()), hcl.Pos{Line: 1, Column: 1, Byte: 0})
			if diags.HasErrors() {
				return cty.NilVal, fmt.Errorf("template %s: %s", args[0].AsString(), diags.Error())
			}
			ctx := &hcl.EvalContext{Variables: map[string]cty.Value{}, Functions: funcs}
			for it := vars.ElementIterator(); it.Next(); {
				k, v := it.Element()
				ctx.Variables[k.AsString()] = v
			}
			out, diags := expr.Value(ctx)
			if diags.HasErrors() {
				return cty.NilVal, fmt.Errorf("template %s: %s", args[0].AsString(), diags.Error())
			}
			out, err = convertTo(out, cty.String)
			if err != nil {
				return cty.NilVal, fmt.Errorf("template %s does not produce a string", args[0].AsString())
			}
			return out, nil
		},
	})
}

func convertTo(v cty.Value, ty cty.Type) (cty.Value, error) { return convert.Convert(v, ty) }

// jsonEncodeFunc is jsonencode, except that a document with values known
// only after apply (an ARN of another resource in a policy) is still
// encoded, with those values written as cloudres.UnknownInDocument, so
// the known parts of the document can be analysed. A wholly unknown
// argument stays unknown.
var jsonEncodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "val", Type: cty.DynamicPseudoType, AllowUnknown: true, AllowDynamicType: true, AllowNull: true}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		if !v.IsKnown() {
			return cty.UnknownVal(cty.String), nil
		}
		if !v.IsWhollyKnown() {
			marked, err := cty.Transform(v, func(_ cty.Path, x cty.Value) (cty.Value, error) {
				if !x.IsKnown() {
					return cty.StringVal(cloudres.UnknownInDocument), nil
				}
				return x, nil
			})
			if err != nil {
				return cty.UnknownVal(cty.String), nil
			}
			v = marked
		}
		return stdlib.JSONEncodeFunc.Call([]cty.Value{v})
	},
})
