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
    ("link.corrupt", "Ce lien de partage est illisible ; il a été mis de côté dans le stockage du navigateur, sous la clé", "This share link cannot be read; it was set aside in the browser's storage, under the key"),
    ("export", "Exporter", "Export"),
    ("import", "Importer", "Import"),
    ("editor.manifest", "job.yaml", "job.yaml"),
    ("editor.scenario", "scenario.yaml", "scenario.yaml"),
    ("editor.reset", "Revenir au texte de la leçon", "Back to the lesson's text"),
    ("editor.label", "Éditeur du manifeste", "Manifest editor"),
    ("editor.scenario.label", "Éditeur du scénario", "Scenario editor"),
    ("problems", "Problèmes", "Problems"),
    ("problems.none", "Aucun problème : le cluster exécute ce manifeste.", "No problems: the cluster runs this manifest."),
    ("stage", "Cluster simulé", "Simulated cluster"),
    ("stage.invalid", "Le manifeste est refusé par l'API : corrigez les problèmes pour lancer le Job.", "The API server rejects the manifest: fix the problems to run the Job."),
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
    ("job.running", "En cours", "Running"),
    ("job.elapsed", "écoulé", "elapsed"),
    ("job.notstarted", "pas encore créé", "not created yet"),
    ("timeline", "Chronologie", "Timeline"),
    ("timeline.backoff", "back-off", "back-off"),
    ("zoom.in", "Agrandir la chronologie", "Zoom the timeline in"),
    ("zoom.out", "Réduire la chronologie", "Zoom the timeline out"),
    ("timeline.deadline", "échéance", "deadline"),
    ("pods", "Pods", "Pods"),
    ("pods.none", "Aucun Pod pour l'instant.", "No Pods yet."),
    ("kubectl", "kubectl", "kubectl"),
    ("kubectl.placeholder", "kubectl get pods", "kubectl get pods"),
    ("kubectl.hint", "Essayez : get jobs, get pods, describe job NOM, logs POD --previous, get events", "Try: get jobs, get pods, describe job NAME, logs POD --previous, get events"),
    ("faults", "Pannes", "Faults"),
    ("fault.killPod", "Tuer le Pod (SIGKILL)", "Kill the Pod (SIGKILL)"),
    ("fault.deletePod", "Supprimer le Pod", "Delete the Pod"),
    ("fault.evictPod", "Évincer le Pod", "Evict the Pod"),
    ("fault.serviceDown", "Couper un service", "Take a service down"),
    ("fault.serviceUp", "Rétablir un service", "Bring a service up"),
    ("fault.none", "Aucun Pod en cours à cet instant.", "No running Pod at this moment."),
    ("exercise", "Exercice", "Exercise"),
    ("exercise.passed", "Exercice réussi !", "Exercise passed!"),
    ("exercise.todo", "Pas encore : modifiez le manifeste.", "Not yet: edit the manifest."),
    ("look", "À observer", "What to look at"),
    ("notes", "Remarques de la simulation", "Notes from the run"),
    ("stop.limit", "La simulation s'est arrêtée à sa limite de sécurité.", "The run stopped at its safety limit."),
    ("stop.until", "Fin de la fenêtre simulée.", "End of the simulated window."),
    ("help.title", "Raccourcis clavier", "Keyboard shortcuts"),
    ("help.space", "Espace ou . : lecture / pause", "Space or . : play / pause"),
    ("help.arrows", "→ / ← : événement suivant / précédent", "→ / ← : next / previous event"),
    ("help.r", "R : recommencer", "R : restart"),
    ("help.ctrlenter", "Ctrl+Entrée dans l'éditeur : relancer", "Ctrl+Enter in the editor: rerun"),
    ("help.tab", "Tab dans l'éditeur : indenter de deux espaces", "Tab in the editor: indent two spaces"),
    ("help.q", "? : cette aide", "? : this help"),
    ("close", "Fermer", "Close"),
    ("progress", "exercices réussis", "exercises passed"),
    ("draft.restored", "Votre brouillon de cette leçon a été restauré.", "Your draft of this lesson was restored."),
    ("draft.corrupt", "Un brouillon illisible a été mis de côté dans le stockage du navigateur, sous la clé", "An unreadable draft was set aside in the browser's storage, under the key"),
    ("panic", "Le terrain de jeu a rencontré une erreur interne. Votre brouillon est enregistré ; rechargez la page. Détail à signaler :", "The playground hit an internal error. Your draft is saved; reload the page. Details to report:"),
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

#[cfg(test)]
mod tests {
    #[test]
    fn every_key_has_both_languages() {
        for (k, fr, en) in super::TABLE {
            assert!(!fr.is_empty() && !en.is_empty(), "{k}");
        }
    }
}
