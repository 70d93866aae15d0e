variable "name" {
  type = string
}

variable "versioned" {
  type    = bool
  default = true
}

variable "kms_key_arn" {
  type        = string
  default     = null
  description = "Customer managed key; SSE-S3 when null."
}

variable "tags" {
  type    = map(string)
  default = {}
}
