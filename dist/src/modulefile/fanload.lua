-- Lmod module of fanload ${project.version}: installed by unpacking fanload-${project.version}.tar.gz
-- anywhere; this file sits at PREFIX/share/modulefiles/fanload/${project.version}.lua
--   module use PREFIX/share/modulefiles && module load fanload
help([[
fanload ${project.version}: start a JVM job at full width without the shared file system on the
critical path. Commands: launch (--pilot, --read-cache, --inspect, --verify), fanload-cache.
Job templates: $FANLOAD_HOME/share/fanload/job-templates; guide: $FANLOAD_HOME/share/fanload/docs/USER-GUIDE.md
]])
whatis("Name: fanload")
whatis("Version: ${project.version}")
whatis("Description: JVM start-up accelerator for HPC jobs (pilot, fan-out tree, node-local loading)")

-- The install is the folder three levels above this file (share/modulefiles/fanload/).
local home = myFileName():match("^(.*)/share/modulefiles/[^/]+/[^/]+$")
setenv("FANLOAD_HOME", home)
prepend_path("PATH", pathJoin(home, "bin"))
prepend_path("MANPATH", pathJoin(home, "share/man"))
