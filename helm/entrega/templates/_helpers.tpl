{{/* Names, labels and the pieces every pod of the release shares. */}}

{{- define "entrega.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "entrega.fullname" -}}
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

{{- define "entrega.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels that select the release's pods (every component). */}}
{{- define "entrega.selectorLabels" -}}
app.kubernetes.io/name: {{ include "entrega.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "entrega.labels" -}}
helm.sh/chart: {{ include "entrega.chart" . }}
{{ include "entrega.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: entrega
{{- end }}

{{- define "entrega.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "entrega.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret of web, workers and scheduler (never the owner role's URL). */}}
{{- define "entrega.secretName" -}}
{{- default (include "entrega.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{- define "entrega.migrationSecretName" -}}
{{- default (printf "%s-migration" (include "entrega.fullname" .)) .Values.migration.existingSecret }}
{{- end }}

{{- define "entrega.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Pod-level settings shared by every pod: non-root with the image's fixed UID, no API token. */}}
{{- define "entrega.podSpecCommon" -}}
serviceAccountName: {{ include "entrega.serviceAccountName" . }}
automountServiceAccountToken: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  fsGroup: 10001
  seccompProfile:
    type: RuntimeDefault
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{- define "entrega.containerSecurityContext" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  privileged: false
  capabilities:
    drop:
      - ALL
{{- end }}

{{/* The root filesystem is read-only: /tmp and the instance path are the only writable places. */}}
{{- define "entrega.volumeMounts" -}}
volumeMounts:
  - name: tmp
    mountPath: /tmp
  - name: instance
    mountPath: /app/instance
  - name: reports
    mountPath: /app/reports
{{- end }}

{{- define "entrega.volumes" -}}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: 256Mi
  - name: instance
    emptyDir:
      sizeLimit: 64Mi
  {{- /* Rendered PDFs: written by the workers, served by the web pods, so one volume all of them share. */}}
  - name: reports
    persistentVolumeClaim:
      claimName: {{ .Values.reports.existingClaim | default (printf "%s-reports" (include "entrega.fullname" .)) }}
{{- end }}

{{/*
Settings of web, workers and scheduler: the ConfigMap, and the credentials key by key from the Secret (named
one by one, so nothing else that Secret holds reaches the pods). The owner role's URL is never among them.
*/}}
{{- define "entrega.appEnv" -}}
envFrom:
  - configMapRef:
      name: {{ include "entrega.fullname" . }}
env:
{{- range $name, $optional := dict "DATABASE_URL" false "PLATFORM_DATABASE_URL" false "REDIS_URL" false "SECRET_KEY" false "ENTREGA_ENCRYPTION_KEY" true "SMTP_USERNAME" true "SMTP_PASSWORD" true "PLATFORM_OIDC_CLIENT_SECRET" true }}
  - name: {{ $name }}
    valueFrom:
      secretKeyRef:
        name: {{ include "entrega.secretName" $ }}
        key: {{ $name }}
        {{- if $optional }}
        optional: true
        {{- end }}
{{- end }}
{{- end }}

{{/* Restart the pods when the configuration (or a chart-made Secret) changes. */}}
{{- define "entrega.podAnnotations" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
{{- if not .Values.secrets.existingSecret }}
checksum/secret: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}
{{- with .Values.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- end }}
