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

{{/*
"true" in the scale-out shape: model versions and datasets in a bucket, metadata and training jobs in PostgreSQL,
serving and trainer pods apart. Empty in the single-pod shape.
*/}}
{{- define "aeserve.scaleOut" -}}
{{- if and .Values.objectStore.bucket .Values.externalDatabase.host }}true{{ end }}
{{- end }}

{{/* The selector labels of one kind of pod: the chart's, plus the component (serve, train) in the scale-out shape. */}}
{{- define "aeserve.componentSelectorLabels" -}}
{{ include "aeserve.selectorLabels" .root }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end }}

{{/* The Secret and entry with the database password. */}}
{{- define "aeserve.databaseSecret" -}}
{{- default (printf "%s-database" (include "aeserve.fullname" .)) .Values.externalDatabase.existingSecret }}
{{- end }}

{{- define "aeserve.databaseSecretKey" -}}
{{- if .Values.externalDatabase.existingSecret }}
{{- .Values.externalDatabase.existingSecretPasswordKey }}
{{- else -}}
password
{{- end }}
{{- end }}

{{/* jdbc:postgresql://host:port/database?params, the parameters sorted and URL-encoded. */}}
{{- define "aeserve.jdbcUrl" -}}
{{- with .Values.externalDatabase }}
{{- $params := list }}
{{- range $name, $value := .params }}
{{- $params = append $params (printf "%s=%s" (urlquery $name) (urlquery (toString $value))) }}
{{- end }}
{{- printf "jdbc:postgresql://%s:%v/%s" .host .port .database }}
{{- with $params }}?{{ join "&" . }}{{ end }}
{{- end }}
{{- end }}

{{/*
Refuses values that would install something that cannot work, with a message saying what to change.
*/}}
{{- define "aeserve.validate" -}}
{{- $bucket := .Values.objectStore.bucket }}
{{- $database := .Values.externalDatabase.host }}
{{- if and $bucket (not $database) }}
{{- fail "objectStore.bucket is set but externalDatabase.host is not. The scale-out shape needs both: the bucket holds model versions and datasets, PostgreSQL their metadata and the training jobs. Set externalDatabase.host (and its password), or unset objectStore.bucket to keep the single-pod shape." }}
{{- end }}
{{- if and $database (not $bucket) }}
{{- fail "externalDatabase.host is set but objectStore.bucket is not. The scale-out shape needs both: the bucket holds model versions and datasets, PostgreSQL their metadata and the training jobs. Set objectStore.bucket (and its credentials, or an IAM role on the service account), or unset externalDatabase.host to keep the single-pod shape." }}
{{- end }}
{{- if include "aeserve.scaleOut" . }}
{{- if .Values.kserve.enabled }}
{{- fail "kserve.enabled does not go with the scale-out shape (objectStore.bucket and externalDatabase.host): turn one of them off." }}
{{- end }}
{{- if .Values.gpu.enabled }}
{{- fail "gpu.enabled applies to the single-pod shape. In the scale-out shape give the trainers GPUs instead: trainer.resources.limits (e.g. nvidia.com/gpu: 1), trainer.nodeSelector, trainer.tolerations and trainer.imageTag." }}
{{- end }}
{{- if not (or .Values.externalDatabase.existingSecret .Values.externalDatabase.password) }}
{{- fail "externalDatabase needs the database user's password: set externalDatabase.existingSecret (with existingSecretPasswordKey) or externalDatabase.password." }}
{{- end }}
{{- else if not .Values.kserve.enabled }}
{{- $shared := and .Values.persistence.enabled (has "ReadWriteMany" .Values.persistence.accessModes) }}
{{- if and (or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled) (not $shared) }}
{{- $what := ternary "autoscaling.enabled" (printf "replicaCount %v" .Values.replicaCount) .Values.autoscaling.enabled }}
{{- $volume := ternary "persistence.accessModes has no ReadWriteMany" "persistence.enabled is false: an emptyDir in each pod" .Values.persistence.enabled }}
{{- fail (printf "%s asks for more than one pod, but in the single-pod shape the pods keep models on a volume they cannot share (%s). Set persistence.accessModes to [ReadWriteMany] (a storage class every pod can mount), switch to the scale-out shape (objectStore.bucket and externalDatabase.host), or keep one replica." $what $volume) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
One Deployment of the service, shared by the single-pod shape and both Deployments of the scale-out shape, so
that probes, security contexts, the ConfigMap and the API keys are the same everywhere. Takes a dict:
  root          the chart's context
  name          the Deployment's name
  component     "" in the single-pod shape, else serve or train (a label, and AESERVE_ROLE)
  replicas      the replica count, or nil when an autoscaler owns it
  image         the image
  resources     the container's resources
  nodeSelector, tolerations, affinity
The single-pod shape mounts the model store at /data; the scale-out shape keeps it in the bucket and has only /tmp.
*/}}
{{- define "aeserve.deployment" -}}
{{- $root := .root }}
{{- $values := $root.Values }}
{{- $scaleOut := include "aeserve.scaleOut" $root }}
{{- $selector := include "aeserve.componentSelectorLabels" (dict "root" $root "component" .component) }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .name }}
  labels:
    {{- include "aeserve.labels" $root | nindent 4 }}
    {{- with .component }}
    app.kubernetes.io/component: {{ . }}
    {{- end }}
spec:
  {{- if not (kindIs "invalid" .replicas) }}
  replicas: {{ .replicas }}
  {{- end }}
  {{- if and (not $scaleOut) $values.persistence.enabled (has "ReadWriteOnce" $values.persistence.accessModes) }}
  # one pod at a time may mount a ReadWriteOnce volume
  strategy:
    type: Recreate
  {{- end }}
  selector:
    matchLabels:
      {{- $selector | nindent 6 }}
  template:
    metadata:
      annotations:
        checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
        {{- if and $scaleOut (not $values.externalDatabase.existingSecret) }}
        checksum/database: {{ include (print $root.Template.BasePath "/database-secret.yaml") $root | sha256sum }}
        {{- end }}
        {{- with $values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      labels:
        {{- include "aeserve.labels" $root | nindent 8 }}
        {{- with .component }}
        app.kubernetes.io/component: {{ . }}
        {{- end }}
        {{- with $values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- with $values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      serviceAccountName: {{ include "aeserve.serviceAccountName" $root }}
      securityContext:
        {{- toYaml $values.podSecurityContext | nindent 8 }}
      terminationGracePeriodSeconds: {{ $values.terminationGracePeriodSeconds }}
      containers:
        - name: {{ $root.Chart.Name }}
          image: {{ .image | quote }}
          imagePullPolicy: {{ $values.image.pullPolicy }}
          securityContext:
            {{- toYaml $values.securityContext | nindent 12 }}
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
            - name: grpc
              containerPort: {{ $values.grpc.port }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "aeserve.fullname" $root }}
          env:
            - name: JAVA_TOOL_OPTIONS
              value: {{ $values.javaToolOptions | quote }}
            {{- with .component }}
            - name: AESERVE_ROLE
              value: {{ . }}
            {{- end }}
            {{- if $scaleOut }}
            - name: SPRING_DATASOURCE_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "aeserve.databaseSecret" $root }}
                  key: {{ include "aeserve.databaseSecretKey" $root }}
            {{- with $values.objectStore.credentials }}
            {{- if .existingSecret }}
            - name: AWS_ACCESS_KEY_ID
              valueFrom:
                secretKeyRef:
                  name: {{ .existingSecret }}
                  key: {{ .accessKeyIdKey }}
            - name: AWS_SECRET_ACCESS_KEY
              valueFrom:
                secretKeyRef:
                  name: {{ .existingSecret }}
                  key: {{ .secretAccessKeyKey }}
            {{- end }}
            {{- end }}
            {{- end }}
            {{- with $values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          startupProbe:
            {{- toYaml $values.probes.startup | nindent 12 }}
          livenessProbe:
            {{- toYaml $values.probes.liveness | nindent 12 }}
          readinessProbe:
            {{- toYaml $values.probes.readiness | nindent 12 }}
          resources:
            {{- .resources | nindent 12 }}
          volumeMounts:
            {{- if not $scaleOut }}
            - name: data
              mountPath: /data
            {{- end }}
            - name: tmp
              mountPath: /tmp
            {{- if include "aeserve.apiKeysSecret" $root }}
            - name: api-keys
              mountPath: /etc/aeserve
              readOnly: true
            {{- end }}
      volumes:
        {{- if not $scaleOut }}
        - name: data
          {{- if $values.persistence.enabled }}
          persistentVolumeClaim:
            claimName: {{ include "aeserve.claimName" $root }}
          {{- else }}
          emptyDir: {}
          {{- end }}
        {{- end }}
        - name: tmp
          emptyDir:
            sizeLimit: {{ $values.tmpSize }}
        {{- with include "aeserve.apiKeysSecret" $root }}
        - name: api-keys
          secret:
            secretName: {{ . }}
            # only the hashes: the pod never sees a key
            items:
              - key: api-keys
                path: api-keys
        {{- end }}
      {{- with .nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}
