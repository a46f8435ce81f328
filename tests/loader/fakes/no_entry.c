/* A perfectly fine shared library that is not a pfhost plugin: no pfhost_plugin_entry. */
int fake_not_a_plugin(void);
int fake_not_a_plugin(void) {
  return 42;
}
