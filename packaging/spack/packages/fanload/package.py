# Spack recipe for fanload (a repository of one package: `spack repo add packaging/spack`).
# Not run by the project's tests (no Spack here); python3 -m py_compile checks its syntax.
# Copyright fanload contributors. SPDX-License-Identifier: Apache-2.0

import glob
import os

from spack.package import *


class Fanload(MavenPackage):
    """Start-up accelerator for JVM jobs at full width on HPC machines: a pilot records what
    the ranks load into one archive; at full width one reader streams it through a fan-out tree
    to every node's memory and the ranks load from there."""

    # No public release server yet: point git at the site's mirror of the repository, or build a
    # checkout with `spack dev-build fanload@main` from inside it.
    git = "file:///path/to/fanload.git"

    license("Apache-2.0")

    version("main", branch="main")

    # Java 17 bytecode; launch, the node agents and the ranks' hooks need 17 or later.
    depends_on("java@17:", type=("build", "run"))
    depends_on("maven@3.6:", type="build")
    # The release build asks git for the commit that --version prints ("unknown" without it).
    depends_on("git", type="build")

    def build_args(self):
        return ["-B", "-ntp"]

    def install(self, spec, prefix):
        # The build writes the same tree a site unpacks by hand: bin/, lib/, share/, LICENSE.
        tarballs = glob.glob(join_path(self.stage.source_path, "dist", "target", "fanload-*.tar.gz"))
        if len(tarballs) != 1:
            raise InstallError("expected one dist/target/fanload-*.tar.gz, found {0}".format(tarballs))
        tar = which("tar", required=True)
        tar("-xzf", tarballs[0], "--strip-components=1", "-C", prefix)

    def setup_run_environment(self, env):
        env.set("FANLOAD_HOME", self.prefix)
        env.set("FANLOAD_JAVA", os.path.join(self.spec["java"].prefix, "bin", "java"))
        env.prepend_path("MANPATH", self.prefix.share.man)

    @run_after("install")
    @on_package_attributes(run_tests=True)
    def check_installed(self):
        Executable(join_path(self.prefix.bin, "launch"))("--version")
