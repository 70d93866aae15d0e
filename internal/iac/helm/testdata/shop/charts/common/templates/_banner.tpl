{{- define "common.banner" -}}
banner from the library
{{- end -}}
{{- define "common.util" -}}
util from the library
{{- end -}}
