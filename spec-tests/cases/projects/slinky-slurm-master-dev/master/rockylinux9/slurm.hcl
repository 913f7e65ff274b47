// SPDX-FileCopyrightText: Copyright (C) SchedMD LLC.
// SPDX-License-Identifier: Apache-2.0

################################################################################

slurm_version = "master"
slurm_version_micro = "1"
linux_flavor = "rockylinux9"
