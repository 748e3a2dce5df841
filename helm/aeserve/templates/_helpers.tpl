{{/* Chart name, truncated to the 63 characters Kubernetes allows in names. */}}
{{- define "aeserve.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name: release and chart name, unless overridden. */}}
{{- define "aeserve.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "aeserve.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "aeserve.labels" -}}
helm.sh/chart: {{ include "aeserve.chart" . }}
{{ include "aeserve.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "aeserve.selectorLabels" -}}
app.kubernetes.io/name: {{ include "aeserve.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "aeserve.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "aeserve.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image: the GPU tag when GPUs are on and one is given, else the tag, else the app version. */}}
{{- define "aeserve.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if and .Values.gpu.enabled .Values.gpu.imageTag }}
{{- $tag = .Values.gpu.imageTag }}
{{- end }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}

{{- define "aeserve.claimName" -}}
{{- default (printf "%s-data" (include "aeserve.fullname" .)) .Values.persistence.existingClaim }}
{{- end }}

{{/*
The Secret holding the API keys file (entry api-keys), or nothing when the chart mounts none.
*/}}
{{- define "aeserve.apiKeysSecret" -}}
{{- if .Values.security.apiKeys.existingSecret -}}
{{- .Values.security.apiKeys.existingSecret -}}
{{- else if .Values.security.apiKeys.generate -}}
{{- printf "%s-api-key" (include "aeserve.fullname" .) -}}
{{- end -}}
{{- end }}

{{/* The container's resources: the values, plus the GPU limit when GPUs are on. */}}
{{- define "aeserve.resources" -}}
{{- $resources := deepCopy .Values.resources }}
{{- if .Values.gpu.enabled }}
{{- $limits := default (dict) $resources.limits }}
{{- $_ := set $limits .Values.gpu.resourceName .Values.gpu.count }}
{{- $_ := set $resources "limits" $limits }}
{{- end }}
{{- toYaml $resources }}
{{- end }}
