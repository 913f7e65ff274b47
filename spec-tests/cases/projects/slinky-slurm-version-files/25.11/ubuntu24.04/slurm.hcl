// SPDX-FileCopyrightText: Copyright (C) SchedMD LLC.
// SPDX-License-Identifier: Apache-2.0

################################################################################

slurm_version = "25.11.6"
slurm_version_micro = "1"
linux_flavor = "ubuntu24.04"
