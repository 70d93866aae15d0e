{{- define "db.name" -}}
{{ .Release.Name }}-{{ .Chart.Name }}
{{- end -}}
{{- define "shop.fullname" -}}
subchart definition loses to the parent's
{{- end -}}
