/* The JNI library's dependency: found through DT_NEEDED, never loaded by Java itself. */
int e2e_helper_answer(void) { return 42; }
