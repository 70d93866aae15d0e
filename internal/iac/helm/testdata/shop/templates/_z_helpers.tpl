{{/* Sorts after _helpers.tpl, is parsed before it: _helpers.tpl's define wins. */}}
{{- define "shop.labels" -}}
wrong: labels from _z_helpers.tpl
{{- end -}}
