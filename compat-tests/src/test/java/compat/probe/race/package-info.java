/** Classes of one package, loaded from many threads at once to race definePackage. */
package compat.probe.race;
