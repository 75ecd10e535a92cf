/** Classes of one package, loaded from many threads at once to race definePackage. */
package probe.race;
