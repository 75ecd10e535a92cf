-- Lmod module of fanload ${project.version}, installed by unpacking fanload-${project.version}.tar.gz
-- anywhere. It sits at PREFIX/share/modulefiles/fanload/${project.version}.lua and finds PREFIX
-- from its own path:  module use PREFIX/share/modulefiles; module load fanload
-- A copy kept elsewhere (a site's module tree) names the install here instead:
local home = nil  -- e.g. "/opt/fanload-${project.version}"
help([[
fanload ${project.version}: start a JVM job at full width without the shared file system on the
critical path. Commands: launch (--pilot, --read-cache, --inspect, --verify) and fanload-cache;
man launch. Job templates: $FANLOAD_HOME/share/fanload/job-templates;
guide: $FANLOAD_HOME/share/fanload/docs/USER-GUIDE.md
]])
whatis("Name: fanload")
whatis("Version: ${project.version}")
whatis("Description: JVM start-up accelerator for HPC jobs (pilot, fan-out tree, node-local loading)")

home = home or myFileName():match("^(.*)/share/modulefiles/[^/]+/[^/]+$")
if not home or not isDir(pathJoin(home, "lib")) then
  LmodError("fanload: cannot find the install from " .. myFileName()
    .. ": keep this file at PREFIX/share/modulefiles/fanload/, or set 'home' at its top")
end
setenv("FANLOAD_HOME", home)
prepend_path("PATH", pathJoin(home, "bin"))
prepend_path("MANPATH", pathJoin(home, "share/man"))
