/**
 * The agent's tools: Read, Write, Edit, Glob, Grep and Bash, confined to a per-chat workspace.
 * <p>
 * Entry points: {@link agentchat.tools.ToolSettings#from} reads {@code agent.tools};
 * {@link agentchat.tools.Tools} is the {@link agentchat.agent.ToolRunner}; a
 * {@link agentchat.tools.ToolApproval} decides calls that need the user's consent;
 * {@link agentchat.tools.Workspaces#deleteChat} removes a deleted chat's files.
 * <p>
 * Choices worth knowing:
 * <ul>
 *     <li>Paths are relative to the workspace; absolute paths, {@code ..} escapes and symbolic links
 *     leading outside are refused. Glob and Grep never follow links.</li>
 *     <li>Glob lists newest first (modification time, then path); {@code **}{@code /} also matches no
 *     directory. Grep lists files in path order.</li>
 *     <li>Bash is off by default and is not a sandbox: confinement is its working directory and a
 *     minimal environment (PATH, HOME=workspace, LANG, TERM) only. Background processes are killed
 *     when the command ends; a non-zero exit code is a normal result that states the code.</li>
 * </ul>
 */
package agentchat.tools;
