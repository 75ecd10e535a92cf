/** The multi-release probe's classes: Version is stored only under META-INF/versions/9/, Decoy's bytes stand in its base entry. */
package compat.probe.mr;
