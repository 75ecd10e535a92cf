package io.fanload.hooks.classpath;

import java.io.File;
import java.io.IOException;

/** A class-path folder served from its node-local copy, falling back to the original for listed names it lacks. */
final class CopiedDirectoryElement extends DirectoryElement {

    private final FolderCopy copy;
    private volatile DirectoryElement original;

    CopiedDirectoryElement(int index, File localCopy, FolderCopy copy) {
        super(index, localCopy);
        this.copy = copy;
    }

    @Override
    public ClassPathEntry find(String name) throws IOException {
        ClassPathEntry local = super.find(name);
        if (local != null) {
            if (throughLink(name)) {
                copy.onOriginal().run(); // a neighbour link: the bytes come from the original
            }
            return local;
        }
        if (!copy.listing().mayExist(name)) {
            return null;
        }
        copy.onOriginal().run();
        return original().find(name);
    }

    /** True if the copy's {@code name} resolves outside the copy: through a link to the original. */
    private boolean throughLink(String name) throws IOException {
        String real = new File(file(), name).toPath().toRealPath().toString();
        return !real.startsWith(file().getPath());
    }

    private DirectoryElement original() {
        DirectoryElement made = original;
        if (made == null) {
            made = new DirectoryElement(index(), new File(copy.original()));
            original = made; // a race makes an equal element twice
        }
        return made;
    }
}
