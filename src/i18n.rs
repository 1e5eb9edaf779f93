//! Every string the interface shows, in French and English, from one
//! table. Lesson texts carry their own two languages.

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
    pub fn from_code(s: &str) -> Lang {
        if s.eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Fr
        }
    }
}

/// (key, French, English).
const TABLE: &[(&str, &str, &str)] = &[
    ("app.title", "Job Playground", "Job Playground"),
    ("app.subtitle", "Échecs et reprises des Jobs Kubernetes", "How Kubernetes Jobs fail and retry"),
    ("lesson", "Leçon", "Lesson"),
    ("lang", "Langue", "Language"),
    ("theme", "Thème", "Theme"),
    ("theme.light", "Clair", "Light"),
    ("theme.dark", "Sombre", "Dark"),
    ("presenter", "Mode présentateur", "Presenter mode"),
    ("presenter.short", "Présenter", "Present"),
    ("share", "Partager", "Share"),
    ("share.copied", "Lien copié dans le presse-papiers", "Link copied to the clipboard"),
    ("help", "Aide", "Help"),
    ("share.chars", "caractères", "characters"),
    ("share.local", "ce lien ouvre ce fichier-ci : il ne marche que sur cet ordinateur, ou là où le même fichier est au même chemin", "this link opens this very file: it only works on this computer, or where the same file sits at the same path"),
    ("link.corrupt", "Ce lien de partage est illisible", "This share link cannot be read"),
    ("link.set_aside", "il a été mis de côté dans le stockage du navigateur, sous la clé", "it was set aside in the browser's storage, under the key"),
    ("export", "Exporter", "Export"),
    ("import", "Importer", "Import"),
    ("editor.manifest", "job.yaml", "job.yaml"),
    ("editor.scenario", "scenario.yaml", "scenario.yaml"),
    ("editor.reset", "Revenir au texte de la leçon", "Back to the lesson's text"),
    ("editor.reset.done", "Texte de la leçon rétabli.", "The lesson's text is back."),
    ("editor.reset.undo", "Annuler", "Undo"),
    ("import.too_big", "Ce fichier est trop grand pour le terrain de jeu, qui lit jusqu'à 512 ko :", "This file is too large for the playground, which reads up to 512 kB:"),
    ("import.not_text", "Ce fichier n'est pas du texte (un manifeste est un fichier YAML) :", "This file is not text (a manifest is a YAML file):"),
    ("import.not_utf8", "Ce fichier n'est pas en UTF-8 : enregistrez-le en UTF-8, puis importez-le de nouveau :", "This file is not UTF-8: save it as UTF-8, then import it again:"),
    ("editor.label", "Éditeur du manifeste", "Manifest editor"),
    ("editor.scenario.label", "Éditeur du scénario", "Scenario editor"),
    ("problems", "Problèmes", "Problems"),
    ("problems.none", "Aucun problème : le cluster exécute ce manifeste.", "No problems: the cluster runs this manifest."),
    ("problems.other", "Aucun problème dans ce fichier ; les problèmes sont dans", "No problems in this file; the problems are in"),
    ("stage", "Cluster simulé", "Simulated cluster"),
    ("stage.computing", "Longue simulation en cours, événements traités : ", "A long run is being computed, events so far: "),
    ("stage.invalid", "Le manifeste est refusé par l'API : corrigez les problèmes pour lancer le Job.", "The API server rejects the manifest: fix the problems to run the Job."),
    ("stage.computing.wait", "La simulation est en cours de calcul : réessayez dans un instant.", "The run is still being computed: try again in a moment."),
    ("stage.invalid_scenario", "Le scénario a des problèmes : corrigez-les pour lancer la simulation.", "The scenario has problems: fix them to run the simulation."),
    ("clock", "temps simulé", "simulated time"),
    ("play", "Lecture", "Play"),
    ("pause", "Pause", "Pause"),
    ("restart", "Recommencer", "Restart"),
    ("step.next", "Événement suivant", "Next event"),
    ("step.prev", "Événement précédent", "Previous event"),
    ("speed", "Vitesse", "Speed"),
    ("skip", "Sauter les attentes", "Skip the waits"),
    ("scrubber", "Position dans la simulation", "Position in the run"),
    ("job.active", "actifs", "active"),
    ("job.succeeded", "réussis", "succeeded"),
    ("job.failed", "échecs", "failures"),
    ("job.restarts", "redémarrages", "restarts"),
    ("job.running", "En cours", "Running"),
    ("job.elapsed", "écoulé", "elapsed"),
    ("job.notstarted", "pas encore créé", "not created yet"),
    ("timeline", "Chronologie", "Timeline"),
    ("timeline.backoff", "back-off", "back-off"),
    ("timeline.backoff.from", "compté depuis le finishedAt du Pod précédent, que l'API garde en secondes entières", "counted from the previous Pod's finishedAt, which the API keeps in whole seconds"),
    ("timeline.running", "en cours", "running"),
    ("zoom.in", "Agrandir la chronologie", "Zoom the timeline in"),
    ("zoom.out", "Réduire la chronologie", "Zoom the timeline out"),
    ("timeline.deadline", "échéance", "deadline"),
    ("pods", "Pods", "Pods"),
    ("pods.none", "Aucun Pod pour l'instant.", "No Pods yet."),
    ("pods.gone", "Plus aucun Pod : ils ont été supprimés (la chronologie garde leur trace).", "No Pods any more: they were deleted (the timeline keeps their record)."),
    ("pods.ready", "prêts\u{a0}:", "ready:"),
    ("pods.deleted", "Pods supprimés, avec leur dernier état", "Deleted Pods, with their last state"),
    ("pods.deleted_status", "Supprimé", "Deleted"),
    ("pods.deleted_at", "Supprimé à", "Deleted at"),
    ("kubectl", "kubectl", "kubectl"),
    ("kubectl.placeholder", "get pods", "get pods"),
    ("kubectl.hint", "Essayez : get jobs, get pods, describe job NOM, logs POD --previous, get events", "Try: get jobs, get pods, describe job NAME, logs POD --previous, get events"),
    ("faults", "Pannes", "Faults"),
    ("fault.killPod", "Tuer le Pod (SIGKILL)", "Kill the Pod (SIGKILL)"),
    ("fault.deletePod", "Supprimer le Pod", "Delete the Pod"),
    ("fault.evictPod", "Évincer le Pod", "Evict the Pod"),
    ("fault.serviceDown", "Couper un service", "Take a service down"),
    ("fault.serviceUp", "Rétablir un service", "Bring a service up"),
    ("fault.none", "Aucun Pod en cours à cet instant.", "No running Pod at this moment."),
    ("fault.over", "La simulation est finie : une panne n'y changerait plus rien.", "The run is over: a fault would change nothing now."),
    ("exercise", "Exercice", "Exercise"),
    ("exercise.passed", "Exercice réussi !", "Exercise passed!"),
    ("exercise.todo", "Pas encore : modifiez le manifeste.", "Not yet: edit the manifest."),
    ("look", "À observer", "What to look at"),
    ("lesson.unknown", "L'adresse demande une leçon qui n'existe pas ; voici la première. Leçon demandée :", "The address asks for a lesson that does not exist; here is the first one. Lesson asked for:"),
    ("lesson.loading", "Chargement de la leçon…", "Loading the lesson…"),
    ("lesson.unavailable", "La leçon n'a pas pu être chargée :", "The lesson could not be loaded:"),
    ("notes", "Remarques de la simulation", "Notes from the run"),
    ("stop.limit", "La simulation s'est arrêtée à sa limite de sécurité.", "The run stopped at its safety limit."),
    ("stop.until", "Fin de la fenêtre simulée.", "End of the simulated window."),
    ("help.title", "Raccourcis clavier", "Keyboard shortcuts"),
    ("help.space", "Espace ou . : lecture / pause", "Space or . : play / pause"),
    ("help.arrows", "→ / ← : événement suivant / précédent", "→ / ← : next / previous event"),
    ("help.r", "R : recommencer", "R : restart"),
    ("help.ctrlenter", "Ctrl+Entrée dans l'éditeur : relancer", "Ctrl+Enter in the editor: rerun"),
    ("help.tab", "Tab dans l'éditeur : indenter de deux espaces (Échap puis Tab, ou Maj+Tab, pour en sortir)", "Tab in the editor: indent two spaces (Escape then Tab, or Shift+Tab, to leave it)"),
    ("help.q", "? : cette aide", "? : this help"),
    ("close", "Fermer", "Close"),
    ("progress", "exercices réussis", "exercises passed"),
    ("draft.restored", "Votre brouillon de cette leçon a été restauré.", "Your draft of this lesson was restored."),
    ("draft.unsaved", "Le brouillon n'a pas pu être enregistré : le stockage du navigateur est plein. Exportez votre texte (bouton Exporter) pour le garder.", "The draft could not be saved: the browser's storage is full. Export your text (Export button) to keep it."),
    ("draft.corrupt", "Un brouillon illisible a été mis de côté dans le stockage du navigateur, sous la clé", "An unreadable draft was set aside in the browser's storage, under the key"),
    ("panic", "Le terrain de jeu a rencontré une erreur interne. Votre brouillon est enregistré ; rechargez la page. Si cela se reproduit, envoyez ce détail à l'équipe du cours :", "The playground hit an internal error. Your draft is saved; reload the page. If it happens again, send these details to the course team:"),
];

/// The string for `key` in `lang`; the key itself if missing (visible in
/// tests, never a crash).
pub fn t(lang: Lang, key: &str) -> &'static str {
    match TABLE.iter().find(|(k, _, _)| *k == key) {
        Some((_, fr, en)) => match lang {
            Lang::Fr => fr,
            Lang::En => en,
        },
        None => "??",
    }
}

/// The notes the engine writes (in English, as the JSON contract has
/// them), with their French; `{}` stands for a value carried over.
const NOTES: &[(&str, &str)] = &[
    ("the script made a string over {} KiB or sent over {} KiB through a pipe, $( ) or file; the simulation keeps only that much, so what it prints from them may be cut", "le script a construit une chaîne de plus de {} Kio ou fait passer plus de {} Kio par un tube, un $( ) ou un fichier ; la simulation n'en garde que cela, donc ce qu'il en affiche peut être tronqué"),
    // What is wrong with a share link (src/share.rs).
    ("the link has no version", "le lien n'a pas de version"),
    ("the link was made by a newer playground (version {})", "le lien vient d'un terrain de jeu plus récent (version {})"),
    ("the link's version is not a number", "la version du lien n'est pas un nombre"),
    ("the link is not valid base64url", "le lien n'est pas du base64url valide"),
    ("the link is damaged (it does not decompress)", "le lien est abîmé (il ne se décompresse pas)"),
    ("the link is damaged (not JSON)", "le lien est abîmé (ce n'est pas du JSON)"),
    ("the link names no lesson", "le lien ne nomme aucune leçon"),
    ("the link's lesson name is not valid", "le nom de leçon du lien n'est pas valide"),
    ("The run stopped at the simulation horizon ({}) with work still pending.", "La simulation s'est arrêtée à son horizon ({}) avec du travail en attente."),
    ("The run stopped after {} events, the engine's safety limit, at t = {}: this manifest keeps the cluster busy for a very long time.", "La simulation s'est arrêtée après {} événements, la limite de sécurité du moteur, à t = {} : ce manifeste occupe le cluster très longtemps."),
    ("A Job would never finish (a container that never ends, or a suspended Job): the run stops here, ten minutes after the last change at most.", "Un Job ne finirait jamais (un conteneur qui ne s'arrête pas, ou un Job suspendu) : la simulation s'arrête ici, au plus dix minutes après le dernier changement."),
    ("The fault {} at {} found no running pod to act on.", "La panne {} à {} n'a trouvé aucun Pod en cours sur lequel agir."),
    ("The fault {} at {} found no Job or CronJob named {}.", "La panne {} à {} n'a trouvé aucun Job ni CronJob nommé {}."),
    ("{} code is not interpreted: it runs 1 s and exits 0 unless the scenario's programs or containers say otherwise.", "Le code {} n'est pas interprété : il tourne 1 s et sort avec 0, sauf si les programs ou containers du scénario en décident autrement."),
    ("Events older than one hour were deleted, as the API server does (event TTL): looking back more than an hour shows fewer events.", "Les événements de plus d'une heure ont été supprimés, comme le fait l'API server (TTL des événements) : en remontant plus d'une heure en arrière, on en voit moins."),
    ("the script ran {} commands without pausing; the simulation treats it as running forever", "le script a exécuté {} commandes sans pause ; la simulation le considère comme tournant indéfiniment"),
    ("the script ran more than {} commands; the simulation stops following it and treats it as running forever", "le script a exécuté plus de {} commandes ; la simulation cesse de le suivre et le considère comme tournant indéfiniment"),
    ("the script wrote more than 1 MB; the rest of its output is not shown", "le script a écrit plus de 1 Mo ; la suite de sa sortie n'est pas affichée"),
    ("the script nested functions, eval, sourced files, subshells or wrapped commands (env, timeout, command) more than {} deep; a real shell would keep going until it crashes, the simulation treats it as running forever", "le script imbrique fonctions, eval, fichiers sourcés, sous-shells ou commandes enveloppées (env, timeout, command) sur plus de {} niveaux ; un vrai shell continuerait jusqu'à planter, la simulation le considère comme tournant indéfiniment"),
    ("the script built a command line of more than {} bytes; a real shell would use ever more memory, the simulation treats it as running forever", "le script a construit une ligne de commande de plus de {} octets ; un vrai shell consommerait toujours plus de mémoire, la simulation le considère comme tournant indéfiniment"),
    ("kill does nothing in the simulation: the script cannot signal other processes", "kill ne fait rien dans la simulation : le script ne peut pas envoyer de signal à d'autres processus"),
    ("trap handlers for signals never run in the simulation: the engine stops the container by cutting its timeline", "les gestionnaires trap de signaux ne s'exécutent jamais dans la simulation : le moteur arrête le conteneur en coupant sa chronologie"),
    ("patterns such as *.csv are left as written: the simulated filesystem cannot be listed", "les motifs comme *.csv restent tels quels : le système de fichiers simulé ne peut pas être listé"),
    ("after {} changes, the simulation stops keeping the script's files; its exec probe sees them as they were then", "après {} modifications, la simulation cesse de garder les fichiers du script ; sa sonde exec les voit tels qu'ils étaient alors"),
    ("commands started with & run in the foreground in the simulation", "les commandes lancées avec & tournent au premier plan dans la simulation"),
    // The playground's own words among the manifest's problems (the API
    // server's own messages stay in English, as a cluster prints them).
    ("the manifest is {} kB; the playground reads manifests up to {} kB", "le manifeste fait {} ko ; le terrain de jeu lit les manifestes jusqu'à {} ko"),
    ("Object 'apiVersion' is missing: write apiVersion: batch/v1", "Object 'apiVersion' is missing : écrivez apiVersion: batch/v1"),
    ("no matches for kind {} in version {}: use batch/v1", "no matches for kind {} in version {} : utilisez batch/v1"),
    ("Object 'Kind' is missing: write kind: Job or kind: CronJob", "Object 'Kind' is missing : écrivez kind: Job ou kind: CronJob"),
    ("the playground runs Jobs and CronJobs; a {} cannot run here", "le terrain de jeu exécute des Jobs et des CronJobs ; un objet {} ne peut pas s'exécuter ici"),
    ("the manifest is empty: write a Job or a CronJob", "le manifeste est vide : écrivez un Job ou un CronJob"),
    ("a manifest is a mapping (apiVersion, kind, metadata, spec)", "un manifeste est un mapping (apiVersion, kind, metadata, spec)"),
    ("a field name must be a string", "un nom de champ est une chaîne de caractères"),
    ("nesting deeper than {} levels: no Kubernetes object is this deep (the parser stopped here)", "plus de {} niveaux d'imbrication : aucun objet Kubernetes n'est aussi profond (la lecture s'arrête ici)"),
    ("nesting deeper than {} levels: no Kubernetes object is this deep", "plus de {} niveaux d'imbrication : aucun objet Kubernetes n'est aussi profond"),
    ("unknown anchor", "ancre inconnue"),
    ("aliases expand to more than {} values: the playground stops reading here", "les alias se développent en plus de {} valeurs : le terrain de jeu arrête la lecture ici"),
    ("more than {} values: the playground stops reading here", "plus de {} valeurs : le terrain de jeu arrête la lecture ici"),
    // The scenario's problems: its format is the playground's own.
    ("the scenario is too large for the playground", "le scénario est trop grand pour le terrain de jeu"),
    ("a scenario is one document", "un scénario tient en un seul document"),
    ("the seed is a whole number ≥ 0", "la graine (seed) est un nombre entier ≥ 0"),
    ("invalid time {}: write RFC 3339, e.g. \"2026-03-02T01:58:00Z\"", "heure invalide {} : écrivez-la en RFC 3339, par exemple \"2026-03-02T01:58:00Z\""),
    ("services maps \"host:port\" to {up, failRate}", "services associe \"hôte:port\" à {up, failRate}"),
    ("invalid interval {}: it ends before it starts", "intervalle invalide {} : il finit avant de commencer"),
    ("invalid interval {}: write \"45s..\", \"..2m\" or \"10s..1m\"", "intervalle invalide {} : écrivez \"45s..\", \"..2m\" ou \"10s..1m\""),
    ("failRate is a probability between 0 and 1", "failRate est une probabilité entre 0 et 1"),
    ("files maps a path to {mode, content}", "files associe un chemin à {mode, content}"),
    ("mode is octal, e.g. \"0755\"", "mode s'écrit en octal, par exemple \"0755\""),
    ("programs maps a program name to its behaviour", "programs associe un nom de programme à son comportement"),
    ("containers maps a container name to attempts, default and byIndex", "containers associe un nom de conteneur à attempts, default et byIndex"),
    ("byIndex maps an index (\"2\") to attempts and a default", "byIndex associe un index (\"2\") à attempts et à un default"),
    ("{} faults: the playground takes at most {}", "{} pannes : le terrain de jeu en accepte au plus {}"),
    ("invalid duration {}: write 500ms, 10s, 2m, 1h30m or a number of seconds, or forever", "durée invalide {} : écrivez 500ms, 10s, 2m, 1h30m, un nombre de secondes ou forever"),
    ("invalid duration {}: write 500ms, 10s, 2m, 1h30m or a number of seconds", "durée invalide {} : écrivez 500ms, 10s, 2m, 1h30m ou un nombre de secondes"),
    ("exit code {} is out of range: 0 to 255", "le code de sortie {} est hors limites : de 0 à 255"),
    ("invalid memory quantity {}: write 64Mi, 1Gi or 500M", "quantité de mémoire invalide {} : écrivez 64Mi, 1Gi ou 500M"),
    ("{} is not a completion index (0, 1, 2…)", "{} n'est pas un index de complétion (0, 1, 2…)"),
    ("a fault needs `at` and `action`", "une panne a besoin de `at` et de `action`"),
    ("Required value: {} needs a pod: an ordinal (0), newest, oldest, all or a pod name", "Required value : {} a besoin d'un pod : un rang (0), newest, oldest, all ou un nom de Pod"),
    ("Required value: {} needs a target: the name of a Job or a CronJob", "Required value : {} a besoin d'une cible : le nom d'un Job ou d'un CronJob"),
    ("Required value: {} needs a service (\"host:port\")", "Required value : {} a besoin d'un service (\"hôte:port\")"),
    // kubectl's answers where the playground speaks for itself.
    ("error: this playground simulates only Jobs, CronJobs, their Pods and Events; it has no {} to show", "error: ce terrain de jeu ne simule que des Jobs, des CronJobs, leurs Pods et leurs Events ; il n'a aucun objet {} à montrer"),
    ("error: \"kubectl {}\" is not available here: this simulated cluster can only be looked at (get, describe, logs, events)", "error: « kubectl {} » n'est pas disponible ici : ce cluster simulé se consulte seulement (get, describe, logs, events)"),
    ("error: this playground does not print -o {}; try kubectl describe", "error: ce terrain de jeu n'affiche pas -o {} ; essayez kubectl describe"),
    ("error: unterminated quote in the command line", "error: guillemet non fermé dans la ligne de commande"),
    ("Commands answered by this simulated cluster:", "Commandes auxquelles ce cluster simulé répond :"),
    ("error: describe in this playground shows pods, jobs and cronjobs", "error: ici, describe montre les pods, les jobs et les cronjobs"),
    ("error: this playground prints {.status.conditions} for one Job: kubectl get job NAME -o jsonpath='{.status.conditions}'", "error: ici, jsonpath n'affiche que {.status.conditions} d'un Job : kubectl get job NOM -o jsonpath='{.status.conditions}'"),
];

/// Matches `text` against a template with `{}` holes; returns the holes.
fn holes<'a>(template: &str, text: &'a str) -> Option<Vec<&'a str>> {
    let parts: Vec<&str> = template.split("{}").collect();
    let mut rest = text.strip_prefix(parts[0])?;
    let mut out = Vec::new();
    for (i, lit) in parts.iter().enumerate().skip(1) {
        let last = i == parts.len() - 1;
        let at = if last {
            // A suffix that matches ends on a character boundary.
            if !rest.ends_with(lit) {
                return None;
            }
            rest.len() - lit.len()
        } else {
            rest.find(lit)?
        };
        out.push(&rest[..at]);
        rest = &rest[at + lit.len()..];
    }
    (rest.is_empty()).then_some(out)
}

/// kubectl's output in the learner's language: its `error:` lines that
/// are the playground's own words are translated, the rest is kubectl's.
pub fn kubectl_output(lang: Lang, out: &str) -> String {
    if lang == Lang::En || !(out.contains("error: ") || out.contains("Commands answered")) {
        return out.to_string();
    }
    out.split('\n')
        .map(|line| {
            if line.starts_with("error: ") || line.starts_with("Commands answered") {
                note(lang, line)
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A note of the engine, or a problem in the playground's own words, in
/// the learner's language.
pub fn note(lang: Lang, text: &str) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    for (en, fr) in NOTES {
        if let Some(values) = holes(en, text) {
            let mut out = String::new();
            for (i, piece) in fr.split("{}").enumerate() {
                if i > 0 {
                    out.push_str(values.get(i - 1).copied().unwrap_or(""));
                }
                out.push_str(piece);
            }
            return out;
        }
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn engine_notes_have_french() {
        use super::{note, Lang};
        assert_eq!(
            note(Lang::Fr, "The run stopped after 20000 events, the engine's safety limit, at t = 8s: this manifest keeps the cluster busy for a very long time."),
            "La simulation s'est arrêtée après 20000 événements, la limite de sécurité du moteur, à t = 8s : ce manifeste occupe le cluster très longtemps."
        );
        assert_eq!(note(Lang::Fr, "python3 code is not interpreted: it runs 1 s and exits 0 unless the scenario's programs or containers say otherwise."), "Le code python3 n'est pas interprété : il tourne 1 s et sort avec 0, sauf si les programs ou containers du scénario en décident autrement.");
        assert_eq!(note(Lang::En, "x"), "x");
        assert_eq!(note(Lang::Fr, "unknown"), "unknown");
    }

    #[test]
    fn every_key_has_both_languages() {
        for (k, fr, en) in super::TABLE {
            assert!(!fr.is_empty() && !en.is_empty(), "{k}");
        }
    }
}
