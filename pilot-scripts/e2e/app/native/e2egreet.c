/* JNI library for e2e.Main.answer(); its answer comes from libe2ehelper (a DT_NEEDED dependency). */
#include <jni.h>
int e2e_helper_answer(void);
JNIEXPORT jint JNICALL Java_e2e_Main_answer(JNIEnv *env, jclass cls) { return e2e_helper_answer(); }
